/** Records → App Platform wire objects (`app`, `deployment`, pagination links). */
import type { DoAppRecord, DoComponentRecord } from '../../state/digitalocean.js'
import type { DeploymentView } from './backend.js'

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

const REGIONS: Record<string, { label: string; flag: string; continent: string; data_centers: string[] }> = {
  nyc: { label: 'New York', flag: 'usa', continent: 'North America', data_centers: ['nyc1', 'nyc3'] },
  ams: { label: 'Amsterdam', flag: 'netherlands', continent: 'Europe', data_centers: ['ams3'] },
  sfo: { label: 'San Francisco', flag: 'usa', continent: 'North America', data_centers: ['sfo3'] },
  fra: { label: 'Frankfurt', flag: 'germany', continent: 'Europe', data_centers: ['fra1'] },
  lon: { label: 'London', flag: 'uk', continent: 'Europe', data_centers: ['lon1'] },
  sgp: { label: 'Singapore', flag: 'singapore', continent: 'Asia', data_centers: ['sgp1'] },
  tor: { label: 'Toronto', flag: 'canada', continent: 'North America', data_centers: ['tor1'] },
  blr: { label: 'Bangalore', flag: 'india', continent: 'Asia', data_centers: ['blr1'] },
  syd: { label: 'Sydney', flag: 'australia', continent: 'Australia', data_centers: ['syd1'] },
  atl: { label: 'Atlanta', flag: 'usa', continent: 'North America', data_centers: ['atl1'] },
}

const SPEC_KEYS = { service: 'services', worker: 'workers', job: 'jobs', static_site: 'static_sites' } as const

function componentSpec(app: DoAppRecord, c: DoComponentRecord) {
  const base = {
    name: c.name,
    github: { repo: app.repo, branch: app.branch, deploy_on_push: true },
    ...(c.stack === 'docker' ? { dockerfile_path: 'Dockerfile' } : { environment_slug: c.stack === 'node' ? 'node-js' : c.stack }),
  }
  if (c.kind === 'static_site') return { ...base, build_command: 'npm run build', output_dir: 'dist', routes: [{ path: '/docs' }] }
  const sized = { ...base, instance_count: c.instanceCount, instance_size_slug: c.instanceSizeSlug }
  if (c.kind === 'service') return { ...sized, http_port: 8080, routes: [{ path: '/' }], health_check: { http_path: '/healthz' } }
  // The spec's job `kind` enum has no SCHEDULED: a scheduled job is UNSPECIFIED here, and its
  // schedule shows in its invocations' `trigger.scheduled`.
  if (c.kind === 'job') return { ...sized, kind: c.jobKind === 'SCHEDULED' ? 'UNSPECIFIED' : (c.jobKind ?? 'PRE_DEPLOY'), run_command: `./bin/${c.name}` }
  return { ...sized, run_command: `./bin/${c.name}` }
}

/** The app spec. */
export function serializeSpec(app: DoAppRecord) {
  const spec: Record<string, unknown> = { name: app.name, region: app.region }
  for (const c of app.components) {
    const key = SPEC_KEYS[c.kind]
    ;((spec[key] ??= []) as unknown[]).push(componentSpec(app, c))
  }
  return spec
}

/** The deployment object. */
export function serializeDeployment(app: DoAppRecord, d: DeploymentView) {
  const byKind = (kind: DoComponentRecord['kind']) => app.components.filter((c) => c.kind === kind).map((c) => ({ name: c.name, source_commit_hash: d.record.sha }))
  const out: Record<string, unknown> = {
    id: d.record.id,
    spec: serializeSpec(app),
    services: byKind('service'),
    static_sites: byKind('static_site'),
    workers: byKind('worker'),
    jobs: byKind('job'),
    phase_last_updated_at: d.state.phase === 'PENDING_BUILD' ? '0001-01-01T00:00:00Z' : iso(d.state.phase_last_updated_at),
    created_at: iso(d.record.createdAt),
    updated_at: iso(d.state.updated_at),
    cause: d.record.cause,
    progress: d.state.progress,
    phase: d.state.phase,
    tier_slug: app.tierSlug,
  }
  for (const key of ['services', 'static_sites', 'workers', 'jobs']) if ((out[key] as unknown[]).length === 0) delete out[key]
  return out
}

/** The app object, with its active and in-progress deployments. */
export function serializeApp(app: DoAppRecord, active: DeploymentView | undefined, inProgress: DeploymentView | undefined, lastCreatedAt: number | undefined) {
  const region = REGIONS[app.region] ?? REGIONS.nyc
  const live = active ? `https://${app.ingressHost}` : undefined
  return {
    id: app.id,
    owner_uuid: app.ownerUuid,
    spec: serializeSpec(app),
    ...(live ? { default_ingress: live, live_url: live, live_url_base: live, live_domain: app.ingressHost } : {}),
    created_at: iso(app.createdAt),
    updated_at: iso(Math.max(app.updatedAt, active?.state.updated_at ?? 0)),
    ...(active ? { active_deployment: serializeDeployment(app, active) } : {}),
    ...(inProgress ? { in_progress_deployment: serializeDeployment(app, inProgress) } : {}),
    ...(lastCreatedAt !== undefined ? { last_deployment_created_at: iso(lastCreatedAt) } : {}),
    region: { slug: app.region, ...region },
    tier_slug: app.tierSlug,
    project_id: app.projectId,
  }
}

/** `links.pages` and `meta` of a paginated list, with absolute URLs like DigitalOcean's. */
export function paginate(origin: string, path: string, page: number, perPage: number, total: number, extra = '') {
  const last = Math.max(1, Math.ceil(total / perPage))
  const url = (p: number) => `${origin}${path}?page=${p}&per_page=${perPage}${extra}`
  const pages: Record<string, string> = {}
  if (page > 1) {
    pages.first = url(1)
    pages.prev = url(Math.min(page - 1, last))
  }
  if (page < last) {
    pages.next = url(page + 1)
    pages.last = url(last)
  }
  return { links: { pages }, meta: { total } }
}

/** `page` and `per_page` as DigitalOcean reads them (defaults 1 and 20, at most 200 per page). */
export function pageParams(params: URLSearchParams): { page: number; perPage: number } {
  const int = (v: string | null, d: number) => (v !== null && /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : d)
  return { page: int(params.get('page'), 1), perPage: Math.min(200, int(params.get('per_page'), 20)) }
}
