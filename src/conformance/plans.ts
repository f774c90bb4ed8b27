/**
 * What each DigitalOcean operation paasim serves is exercised with: a valid base request (the
 * auth, scope and rate-limit cases reuse it), success variants, and unknown-id and bad-input
 * variants. Ids come from discovery; log types from the spec's own `type` enum.
 */
import type { DiscoveredApp } from './discover.js'
import { appParams, mainComponent, unknownApp, UNKNOWN_ID, type Plan, type PlanContext, type Variant } from './plan-kit.js'
import { logPlans } from './plans-logs.js'
import { writePlans } from './plans-writes.js'

/** Components that run instances (and so have metrics and health). */
const runners = (app: DiscoveredApp) => app.components.filter((c) => c.kind === 'service' || c.kind === 'worker')
const each = (apps: DiscoveredApp[], make: (app: DiscoveredApp) => Variant[]) => apps.flatMap(make)
const paged = (base: Variant, per: number): Variant[] => [
  { ...base, name: `page=1 per_page=${per}`, query: { ...base.query, page: '1', per_page: String(per) } },
  { ...base, name: `page=2 per_page=${per}`, query: { ...base.query, page: '2', per_page: String(per) } },
]
const day = (ms: number) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().replace('.000Z', 'Z')

function simple(ctx: PlanContext, extra: (base: Variant) => Variant[] = () => []): Plan {
  const base: Variant = { name: 'default', params: appParams(ctx.d.primary) }
  const success = [...each(ctx.d.apps, (a) => [{ name: a.name, params: appParams(a) }]), ...extra(base)]
  return { base, success, notFound: [unknownApp(base)], badRequest: [] }
}

function metrics(ctx: PlanContext): Plan {
  const end = Math.floor(ctx.d.nowMs / 1000)
  const window = { start: String(end - 3600), end: String(end) }
  const p = ctx.d.primary
  const base: Variant = { name: 'default', params: {}, query: { app_id: p.id, ...window } }
  const component = runners(p)[0]?.name ?? mainComponent(p)
  return {
    base,
    success: [
      ...each(ctx.d.apps, (a) => [{ name: a.name, params: {}, query: { app_id: a.id, ...window } }]),
      { name: `app_component=${component}`, params: {}, query: { ...base.query, app_component: component } },
    ],
    notFound: [{ name: 'unknown app_id', params: {}, query: { ...base.query, app_id: UNKNOWN_ID } }],
    badRequest: [
      { name: 'missing start and end', params: {}, query: { app_id: p.id } },
      { name: 'start not a number', params: {}, query: { ...base.query, start: 'yesterday' } },
    ],
  }
}

function jobInvocationGet(ctx: PlanContext): Plan {
  const all = ctx.d.apps.flatMap((a) => a.jobInvocations.slice(0, 3).map((inv) => ({ a, inv })))
  if (!all.length) return { base: 'no app has a job invocation', success: [], notFound: [], badRequest: [] }
  const variant = ({ a, inv }: (typeof all)[number]): Variant => ({ name: `${a.name} ${inv.jobName} ${inv.id.slice(0, 8)}`, params: { ...appParams(a), job_invocation_id: inv.id } })
  const base = variant(all[0]!)
  return {
    base,
    success: [...all.map(variant), { ...base, name: `${base.name} job_name=${all[0]!.inv.jobName}`, query: { job_name: all[0]!.inv.jobName } }],
    notFound: [unknownApp(base), { ...base, name: 'unknown job_invocation_id', params: { ...base.params, job_invocation_id: UNKNOWN_ID } }],
    badRequest: [],
  }
}

function eventGet(ctx: PlanContext): Plan {
  const all = ctx.d.apps.flatMap((a) => a.events.slice(0, 3).map((ev) => ({ a, ev })))
  if (!all.length) return { base: 'no app has an event', success: [], notFound: [], badRequest: [] }
  const variant = ({ a, ev }: (typeof all)[number]): Variant => ({ name: `${a.name} ${ev.id.slice(0, 8)}`, params: { ...appParams(a), event_id: ev.id } })
  const base = variant(all[0]!)
  return {
    base,
    success: all.map(variant),
    notFound: [unknownApp(base), { ...base, name: 'unknown event_id', params: { ...base.params, event_id: UNKNOWN_ID } }],
    badRequest: [],
  }
}

/** Plans by operationId, for every operation paasim serves. */
export const PLANS: Record<string, (ctx: PlanContext) => Plan> = {
  apps_list: () => {
    const base: Variant = { name: 'default', params: {} }
    return { base, success: [base, ...paged(base, 2), { ...base, name: 'per_page=200', query: { per_page: '200' } }], notFound: [], badRequest: [] }
  },
  apps_get: (ctx) => simple(ctx),
  apps_list_deployments: (ctx) => simple(ctx, (base) => paged(base, 1)),
  apps_get_deployment: (ctx) => {
    const p = ctx.d.primary
    const base: Variant = { name: 'active', params: { ...appParams(p), deployment_id: p.activeDeploymentId! } }
    const success = each(ctx.d.apps, (a) => a.deployments.slice(0, 3).map((dep) => ({ name: `${a.name} ${dep.phase ?? ''} ${dep.id.slice(0, 8)}`, params: { ...appParams(a), deployment_id: dep.id } })))
    return { base, success, notFound: [unknownApp(base), { ...base, name: 'unknown deployment_id', params: { ...base.params, deployment_id: UNKNOWN_ID } }], badRequest: [] }
  },
  apps_get_health: (ctx) => simple(ctx),
  apps_get_instances: (ctx) => simple(ctx),
  apps_get_metrics_bandwidth_daily: (ctx) =>
    simple(ctx, (base) => [{ ...base, name: `date=${day(ctx.d.nowMs - 86_400_000)}`, query: { date: day(ctx.d.nowMs - 86_400_000) } }]),
  apps_list_metrics_bandwidth_daily: (ctx) => {
    const ids = ctx.d.apps.slice(0, 100).map((a) => a.id)
    const base: Variant = { name: 'one app', params: {}, body: { app_ids: [ctx.d.primary.id] } }
    return {
      base,
      success: [base, { name: `${ids.length} apps`, params: {}, body: { app_ids: ids } }, { name: 'with date', params: {}, body: { app_ids: ids, date: day(ctx.d.nowMs - 86_400_000) } }],
      notFound: [{ name: 'unknown app id', params: {}, body: { app_ids: [UNKNOWN_ID] } }],
      badRequest: [{ name: 'missing app_ids', params: {}, body: {} }],
    }
  },
  apps_list_job_invocations: (ctx) => {
    const withJobs = ctx.d.apps.find((a) => a.jobInvocations.length) ?? ctx.d.primary
    const inv = withJobs.jobInvocations[0]
    const base: Variant = { name: withJobs.name, params: appParams(withJobs) }
    const filters: Variant[] = inv
      ? [
          { ...base, name: `job_names=${inv.jobName}`, query: { job_names: inv.jobName } },
          ...(inv.deploymentId ? [{ ...base, name: 'deployment_id', query: { deployment_id: inv.deploymentId } }] : []),
          ...paged(base, 1),
        ]
      : []
    return { base, success: [...each(ctx.d.apps, (a) => [{ name: a.name, params: appParams(a) }]), ...filters], notFound: [unknownApp(base)], badRequest: [] }
  },
  apps_get_job_invocation: jobInvocationGet,
  apps_list_events: (ctx) => {
    const withEvents = ctx.d.apps.find((a) => a.events.length) ?? ctx.d.primary
    const base: Variant = { name: withEvents.name, params: appParams(withEvents) }
    const success = [...each(ctx.d.apps, (a) => [{ name: a.name, params: appParams(a) }]), { ...base, name: 'event_types=AUTOSCALING', query: { event_types: 'AUTOSCALING' } }, ...paged(base, 1)]
    return { base, success, notFound: [unknownApp(base)], badRequest: [] }
  },
  apps_get_event: eventGet,
  monitoring_get_appCPUPercentageMetrics: metrics,
  monitoring_get_appMemoryPercentageMetrics: metrics,
  'monitoring_get_appRestartCountMetrics.yml': metrics,
  ...logPlans,
  ...writePlans,
}
