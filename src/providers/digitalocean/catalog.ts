/**
 * App Platform's catalog: the regions and instance sizes, and an app's alerts, as the spec's examples list them. The
 * numbers of an instance size are strings on the wire.
 * @see ../../../../shared/reference/digitalocean.md#regions-instance-sizes-alerts
 */
import { hash32 } from '../../core/random.js'
import { uuidFromWords } from '../../simulation/akkeris/format.js'

/** One App Platform region. */
export interface AppRegion {
  slug: string
  label: string
  flag: string
  continent: string
  data_centers: string[]
  default?: true
}

/** The regions, in the spec example's order (`disabled`, `reason` and `default` only when set). */
export const APP_REGIONS: readonly AppRegion[] = [
  { slug: 'ams', label: 'Amsterdam', flag: 'netherlands', continent: 'Europe', data_centers: ['ams3'] },
  { slug: 'nyc', label: 'New York', flag: 'usa', continent: 'North America', data_centers: ['nyc1', 'nyc3'], default: true },
  { slug: 'fra', label: 'Frankfurt', flag: 'germany', continent: 'Europe', data_centers: ['fra1'] },
  { slug: 'sfo', label: 'San Francisco', flag: 'usa', continent: 'North America', data_centers: ['sfo3'] },
  { slug: 'sgp', label: 'Singapore', flag: 'singapore', continent: 'Asia', data_centers: ['sgp1'] },
  { slug: 'blr', label: 'Bangalore', flag: 'india', continent: 'Asia', data_centers: ['blr1'] },
  { slug: 'tor', label: 'Toronto', flag: 'canada', continent: 'North America', data_centers: ['tor1'] },
  { slug: 'lon', label: 'London', flag: 'uk', continent: 'Europe', data_centers: ['lon1'] },
]

/** `[slug, cpus, memory MiB, usd per month, tier, single instance only, bandwidth GiB]` of each size. */
const SIZES: ReadonlyArray<[string, number, number, number, 'basic' | 'professional', boolean, number]> = [
  ['apps-s-1vcpu-0.5gb', 1, 512, 5, 'basic', true, 50],
  ['apps-s-1vcpu-1gb-fixed', 1, 1024, 10, 'basic', true, 100],
  ['apps-s-1vcpu-1gb', 1, 1024, 12, 'professional', false, 150],
  ['apps-s-1vcpu-2gb', 1, 2048, 25, 'professional', false, 200],
  ['apps-s-2vcpu-4gb', 2, 4096, 50, 'professional', false, 250],
  ['apps-d-1vcpu-0.5gb', 1, 512, 29, 'professional', false, 100],
  ['apps-d-1vcpu-1gb', 1, 1024, 34, 'professional', false, 200],
  ['apps-d-1vcpu-2gb', 1, 2048, 39, 'professional', false, 300],
  ['apps-d-1vcpu-4gb', 1, 4096, 49, 'professional', false, 400],
  ['apps-d-2vcpu-4gb', 2, 4096, 78, 'professional', false, 500],
  ['apps-d-2vcpu-8gb', 2, 8192, 98, 'professional', false, 600],
  ['apps-d-4vcpu-8gb', 4, 8192, 156, 'professional', false, 700],
  ['apps-d-4vcpu-16gb', 4, 16384, 196, 'professional', false, 800],
  ['apps-d-8vcpu-32gb', 8, 32768, 392, 'professional', false, 900],
]

/** Seconds in the 28-day month App Platform prices per second against. */
const BILLING_MONTH_S = 28 * 86_400

const memoryName = (mib: number) => `${mib / 1024}GB`

/** The instance sizes in the spec's wire shape (numbers as strings; booleans only when true). */
export function instanceSizes(): Array<Record<string, unknown>> {
  return SIZES.map(([slug, cpus, mib, usd, tier, single, gib]) => {
    const dedicated = slug.startsWith('apps-d-')
    return {
      name: `${dedicated ? 'Dedicated' : 'Shared'} ${cpus}VCPU ${memoryName(mib)}${slug.endsWith('-fixed') ? ' Fixed' : ''}`,
      slug,
      cpu_type: dedicated ? 'DEDICATED' : 'SHARED',
      cpus: String(cpus),
      memory_bytes: String(mib * 1024 * 1024),
      usd_per_month: usd.toFixed(2),
      usd_per_second: (usd / BILLING_MONTH_S).toFixed(12),
      tier_slug: tier,
      ...(single ? { single_instance_only: true } : {}),
      ...(dedicated ? { scalable: true } : {}),
      bandwidth_allowance_gib: String(gib),
    }
  })
}

/** An app's alerts: a failed-deployment alert, and a CPU alert on its first service (if any). */
export function appAlerts(seed: number, app: { id: string; createdAt: number; components: Array<{ name: string; kind: string }> }): Array<Record<string, unknown>> {
  const at = new Date(app.createdAt).toISOString().replace('.000Z', 'Z')
  const configured = { steps: [{ name: 'alert-configure-insight-alert', status: 'SUCCESS', started_at: at, ended_at: at }] }
  const id = (rule: string) => uuidFromWords(hash32(seed, app.id, rule, 0), hash32(seed, app.id, rule, 1), hash32(seed, app.id, rule, 2), hash32(seed, app.id, rule, 3))
  const alerts: Array<Record<string, unknown>> = [
    { id: id('DEPLOYMENT_FAILED'), spec: { rule: 'DEPLOYMENT_FAILED' }, emails: [OWNER_EMAIL], phase: 'ACTIVE', progress: configured },
  ]
  const service = app.components.find((c) => c.kind === 'service')
  if (service) {
    alerts.push({
      id: id('CPU_UTILIZATION'),
      component_name: service.name,
      spec: { rule: 'CPU_UTILIZATION', operator: 'GREATER_THAN', value: 85, window: 'FIVE_MINUTES' },
      emails: [OWNER_EMAIL],
      phase: 'ACTIVE',
      progress: configured,
    })
  }
  return alerts
}

/** The address alerts go to (the same owner the job invocations name). */
const OWNER_EMAIL = 'owner@example.com'
