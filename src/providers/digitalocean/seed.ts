/** The DigitalOcean part of a world: the default seeded world and fixture loading. */
import { toMillis } from '../../core/duration.js'
import { createAutoscaleEvent, createJobInvocation } from './activity.js'
import type { CreateComponentInput, CreateDeploymentInput, DigitalOceanBackend } from './backend.js'

/** An app in a fixture, with its history. */
export interface DigitalOceanAppFixture {
  name: string
  region?: string
  tierSlug?: string
  /** When the app was created (default: just before its first deployment). */
  ago?: string
  components: CreateComponentInput[]
  deployments?: Array<{ outcome?: CreateDeploymentInput['outcome']; ago?: string; cause?: string; sha?: string }>
  jobInvocations?: Array<{ job: string; ago?: string; succeeds?: boolean }>
  autoscaleEvents?: Array<{ component: string; ago?: string; from?: number; to?: number }>
}

/** The DigitalOcean section of a fixture file. */
export interface DigitalOceanFixture {
  apps?: DigitalOceanAppFixture[]
}

const ms = (ago: string | undefined) => toMillis(ago ?? 0)

/** Loads a fixture's DigitalOcean section into an empty world. */
export async function loadDigitalOceanFixture(backend: DigitalOceanBackend, fixture: DigitalOceanFixture): Promise<void> {
  for (const app of fixture.apps ?? []) {
    const deployments = [...(app.deployments ?? [])].sort((a, b) => ms(b.ago) - ms(a.ago))
    const oldest = deployments.length ? ms(deployments[0].ago) : 0
    const created = await backend.createApp({ name: app.name, region: app.region, tierSlug: app.tierSlug, components: app.components, agoMs: app.ago ? ms(app.ago) : oldest + 60_000 })
    for (const d of deployments) await backend.addDeployment(created.id, { outcome: d.outcome, agoMs: ms(d.ago), cause: d.cause, sha: d.sha })
    for (const inv of app.jobInvocations ?? []) await createJobInvocation(backend, created.id, inv.job, { agoMs: ms(inv.ago), succeeds: inv.succeeds })
    for (const ev of app.autoscaleEvents ?? []) await createAutoscaleEvent(backend, created.id, ev.component, { agoMs: ms(ev.ago), from: ev.from, to: ev.to })
  }
}

/**
 * The default App Platform world: one app mid-deploy, one whose latest deployment failed, one
 * whose worker keeps crashing, and a healthy one with a static site, a job and autoscaling.
 */
export function defaultDigitalOceanFixture(): DigitalOceanFixture {
  return {
    apps: [
      {
        name: 'shop-frontend',
        region: 'nyc',
        components: [
          { name: 'web', kind: 'service', stack: 'node', instanceCount: 2 },
          { name: 'docs', kind: 'static_site', stack: 'node' },
        ],
        deployments: [{ ago: '5d' }, { ago: '2d' }, { ago: '6h' }],
        autoscaleEvents: [{ component: 'web', ago: '2h', from: 2, to: 3 }],
      },
      {
        name: 'orders-api',
        region: 'ams',
        components: [
          { name: 'api', kind: 'service', stack: 'go', instanceCount: 3 },
          { name: 'queue', kind: 'worker', stack: 'python', instanceCount: 1 },
          { name: 'migrate', kind: 'job', stack: 'go', jobKind: 'PRE_DEPLOY' },
        ],
        deployments: [{ ago: '3d' }, { ago: '40s', cause: 'manual' }],
        jobInvocations: [{ job: 'migrate', ago: '3h' }, { job: 'migrate', ago: '50m', succeeds: false }],
      },
      {
        name: 'billing-worker',
        region: 'fra',
        components: [
          { name: 'billing', kind: 'worker', stack: 'ruby', instanceCount: 2, crashing: true },
          { name: 'admin', kind: 'service', stack: 'python', instanceCount: 1 },
        ],
        deployments: [{ ago: '1d' }],
      },
      {
        name: 'legacy-reports',
        region: 'sfo',
        components: [{ name: 'reports', kind: 'service', stack: 'docker', instanceCount: 1 }],
        deployments: [{ ago: '10d' }, { ago: '3h', outcome: 'build_error' }],
      },
    ],
  }
}
