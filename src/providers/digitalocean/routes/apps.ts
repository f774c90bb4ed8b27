/** App Platform routes for apps, deployments, health, instances, bandwidth, job invocations and events. */
import { metricComponent } from '../profiles.js'
import { SimError } from '../../../core/errors.js'
import { hash32 } from '../../../core/random.js'
import { componentHealth } from '../../../simulation/digitalocean/index.js'
import type { RequestContext } from '../../../http/context.js'
import { bytes, JSON_TYPE, json } from '../../../http/respond.js'
import type { Route } from '../../../http/route.js'
import type { DoAppRecord } from '../../../state/digitalocean.js'
import type { DigitalOceanBackend } from '../backend.js'
import { aliasesAt } from '../incidents.js'
import { rolledDeployment } from '../restarts.js'
import { pageParams, paginate, serializeApp, serializeDeployment } from '../serializers.js'

const backendOf = (ctx: RequestContext): DigitalOceanBackend => ctx.sim.backends.digitalocean
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** The app object as JSON text, serialised once while its deployments look the same (clients poll apps). */
function appJson(backend: DigitalOceanBackend, app: DoAppRecord): string {
  return backend.derived(app, 'app-json', () => {
    const all = backend.deployments(app)
    return JSON.stringify(serializeApp(app, backend.activeDeployment(app), backend.inProgressDeployment(app), all.at(-1)?.record.createdAt))
  })
}

/** `{"<key>":<text>, ...rest}` without parsing `text` again. */
function wrap(key: string, text: string, rest: Record<string, unknown> = {}): string {
  const more = JSON.stringify(rest)
  return `{"${key}":${text}${more === '{}' ? '}' : ',' + more.slice(1)}`
}

function page<T>(ctx: RequestContext, items: T[]) {
  const { page, perPage } = pageParams(ctx.url.searchParams)
  return { items: items.slice((page - 1) * perPage, page * perPage), meta: paginate(ctx.origin, ctx.url.pathname, page, perPage, items.length) }
}

/** Daily bandwidth of an app on a UTC day, as a decimal string of bytes. */
function bandwidth(backend: DigitalOceanBackend, app: DoAppRecord, day: number): string {
  const rpm = app.components.reduce((n, c) => n + (c.kind === 'service' ? c.requestsPerMinute : 0), 0)
  const noise = 0.7 + (hash32(backend.world.seed, app.id, day) % 600) / 1000
  return String(Math.round(rpm * 60 * 24 * 18_000 * noise))
}

/** The UTC day asked for; the spec's default is yesterday. */
function dayOf(ctx: RequestContext, value: string | null | undefined): number {
  const ms = value ? Date.parse(value) : ctx.sim.clock.now() - 86_400_000
  if (!Number.isFinite(ms)) throw new SimError('bad_request', {}, `invalid date ${JSON.stringify(value)}: must be RFC 3339`)
  return Math.floor(ms / 86_400_000)
}

function jobInvocationJson(inv: { id: string; jobName: string; deploymentId: string; createdAt: number; durationMs: number; succeeds: boolean; trigger: string }, now: number) {
  const started = inv.createdAt + 4000
  const done = started + inv.durationMs
  const phase = now < started ? 'PENDING' : now < done ? 'RUNNING' : inv.succeeds ? 'SUCCEEDED' : 'FAILED'
  return {
    id: inv.id,
    job_name: inv.jobName,
    deployment_id: inv.deploymentId,
    phase,
    created_at: iso(inv.createdAt),
    ...(now >= started ? { started_at: iso(started) } : {}),
    ...(now >= done ? { completed_at: iso(done) } : {}),
    trigger: inv.trigger === 'SCHEDULE' ? { type: 'SCHEDULE', scheduled: { schedule: { cron: '0 * * * *', time_zone: 'UTC' } } } : { type: 'MANUAL', manual: { user: { uuid: '00000000-0000-4000-8000-000000000000', email: 'owner@example.com' } } },
  }
}

function eventJson(ev: { id: string; createdAt: number; deploymentId: string; component: string; fromCount: number; toCount: number; durationMs: number }, now: number) {
  const phase = now < ev.createdAt + ev.durationMs ? 'IN_PROGRESS' : 'SUCCEEDED'
  return {
    id: ev.id,
    type: 'AUTOSCALING',
    created_at: iso(ev.createdAt),
    deployment_id: ev.deploymentId,
    autoscaling: { phase, components: { [ev.component]: { from: ev.fromCount, to: ev.toCount, triggering_metric: 'CPU' } } },
  }
}

/** The App Platform app routes. */
export const appRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v2/apps',
    operationId: 'apps_list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const { items, meta } = page(ctx, backend.listApps())
      return bytes(wrap('apps', `[${items.map((a) => appJson(backend, a)).join(',')}]`, meta), JSON_TYPE)
    },
  },
  { method: 'GET', path: '/v2/apps/{id}', operationId: 'apps_get', resolve: (ctx) => bytes(wrap('app', appJson(backendOf(ctx), backendOf(ctx).app(ctx.params.id))), JSON_TYPE) },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/deployments',
    operationId: 'apps_list_deployments',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const { items, meta } = page(ctx, backend.deployments(app).reverse())
      return json({ deployments: items.map((d) => serializeDeployment(app, d)), ...meta })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/deployments/{deployment_id}',
    operationId: 'apps_get_deployment',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      return json({ deployment: serializeDeployment(app, backend.deployment(app, ctx.params.deployment_id)) })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/health',
    operationId: 'apps_get_health',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const active = backend.activeDeployment(app)
      const components = app.components
        .filter((c) => c.kind === 'service' || c.kind === 'worker')
        .map((c) => componentHealth({ seed: backend.world.seed, appId: app.id, component: metricComponent(backend, app, c, active), atMs: backend.now() }))
      return json({ app_health: { components } })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/instances',
    operationId: 'apps_get_instances',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const active = backend.activeDeployment(app)
      const instances = active
        ? app.components
            .filter((c) => c.kind === 'service' || c.kind === 'worker')
            .flatMap((c) => aliasesAt(backend, app, c, backend.now()).map((alias) => ({ component_name: c.name, component_type: c.kind === 'service' ? 'SERVICE' : 'WORKER', instance_name: backend.instanceName(app, c, alias, rolledDeployment(backend, app, c, active).record.id), instance_alias: alias })))
        : []
      return json({ instances })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/metrics/bandwidth_daily',
    operationId: 'apps_get_metrics_bandwidth_daily',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const day = dayOf(ctx, ctx.url.searchParams.get('date'))
      return json({ app_bandwidth_usage: [{ app_id: app.id, bandwidth_bytes: bandwidth(backend, app, day) }], date: iso(day * 86_400_000) })
    },
  },
  {
    method: 'POST',
    path: '/v2/apps/metrics/bandwidth_daily',
    operationId: 'apps_list_metrics_bandwidth_daily',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const body = await ctx.readJson()
      const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
      const ids = fields.app_ids
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'string')) throw new SimError('bad_request', {}, 'app_ids is required')
      if (fields.date !== undefined && typeof fields.date !== 'string') throw new SimError('bad_request', {}, 'date must be an RFC 3339 string')
      const day = dayOf(ctx, fields.date as string | undefined)
      const apps = (ids as string[]).map((id) => backend.app(id))
      return json({ app_bandwidth_usage: apps.map((app) => ({ app_id: app.id, bandwidth_bytes: bandwidth(backend, app, day) })), date: iso(day * 86_400_000) })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/job-invocations',
    operationId: 'apps_list_job_invocations',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const names = ctx.url.searchParams.getAll('job_names').flatMap((n) => n.split(','))
      const deployment = ctx.url.searchParams.get('deployment_id')
      const now = backend.now()
      const all = backend.db.jobInvocations
        .findMany((q) => q.where({ appId: app.id }))
        .filter((inv) => inv.createdAt <= now && (names.length === 0 || names.includes(inv.jobName)) && (!deployment || inv.deploymentId === deployment))
        .sort((a, b) => b.createdAt - a.createdAt)
      const { items, meta } = page(ctx, all)
      return json({ job_invocations: items.map((inv) => jobInvocationJson(inv, now)), ...meta })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/job-invocations/{job_invocation_id}',
    operationId: 'apps_get_job_invocation',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const inv = backend.db.jobInvocations.findFirst((q) => q.where({ id: ctx.params.job_invocation_id, appId: app.id }))
      if (!inv || inv.createdAt > backend.now()) throw new SimError('not_found')
      return json(jobInvocationJson(inv, backend.now()))
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/events',
    operationId: 'apps_list_events',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const types = ctx.url.searchParams.getAll('event_types').flatMap((n) => n.split(','))
      const now = backend.now()
      const all = types.length && !types.includes('AUTOSCALING') ? [] : backend.db.events.findMany((q) => q.where({ appId: app.id })).filter((e) => e.createdAt <= now).sort((a, b) => b.createdAt - a.createdAt)
      const { items, meta } = page(ctx, all)
      return json({ events: items.map((e) => eventJson(e, now)), ...meta })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/events/{event_id}',
    operationId: 'apps_get_event',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const ev = backend.db.events.findFirst((q) => q.where({ id: ctx.params.event_id, appId: app.id }))
      if (!ev || ev.createdAt > backend.now()) throw new SimError('not_found')
      return json({ event: eventJson(ev, backend.now()) })
    },
  },
]
