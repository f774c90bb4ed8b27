/**
 * Plans of the six logs operations: every log type the spec lists, `follow` both ways,
 * `tail_lines`, `component_name` as a query parameter, `pod_connection_timeout`; unknown ids
 * and a missing or invalid `type`. Every 200 also has its live and historic URLs read.
 */
import type { DiscoveredApp } from './discover.js'
import { appParams, mainComponent, specLogTypes, unknownApp, UNKNOWN_ID, type Plan, type PlanContext, type Variant } from './plan-kit.js'

const DEPLOYMENT_TYPES = ['UNSPECIFIED', 'BUILD', 'DEPLOY', 'RUN', 'RUN_RESTARTED', 'AUTOSCALE_EVENT']

const names = (app: DiscoveredApp) => app.components.map((c) => c.name)
const short = (id: string) => id.slice(0, 8)

/** The deployment log types the spec lists (JOB_INVOCATION belongs to the job logs only). */
function deploymentTypes(ctx: PlanContext): string[] {
  return specLogTypes(ctx, DEPLOYMENT_TYPES).filter((t) => t !== 'JOB_INVOCATION')
}

/** The tail every other case sends, as godo always sends one: whole RUN backlogs are large. */
const TAIL = { tail_lines: '100' }

/**
 * On a base of type RUN (or the first type): all lines without `tail_lines` (the spec's form),
 * `follow` both ways, a short tail, and `pod_connection_timeout`.
 */
function options(base: Variant): Variant[] {
  const { tail_lines: _tail, ...q } = base.query!
  return [
    { ...base, name: `type=${q.type} (every line)`, query: q },
    { ...base, name: `type=${q.type} follow=true tail_lines=100`, query: { ...q, follow: 'true', ...TAIL } },
    { ...base, name: `type=${q.type} follow=false tail_lines=100`, query: { ...q, follow: 'false', ...TAIL } },
    { ...base, name: `type=${q.type} tail_lines=5`, query: { ...q, tail_lines: '5' } },
    { ...base, name: `type=${q.type} follow=true pod_connection_timeout=1s`, query: { ...q, follow: 'true', pod_connection_timeout: '1s', ...TAIL } },
  ]
}

function badType(base: Variant): Variant[] {
  const { type: _omitted, ...rest } = base.query!
  return [
    { ...base, name: 'missing type', query: rest, logs: undefined },
    { ...base, name: 'type=NOT_A_TYPE', query: { ...rest, type: 'NOT_A_TYPE' }, logs: undefined },
  ]
}

const withTypes = (types: string[], make: (type: string) => Variant) => types.map(make)
const preferred = (types: string[], wanted: string) => (types.includes(wanted) ? wanted : types[0]!)

function perComponent(ctx: PlanContext, deployment: boolean): Plan {
  const p = ctx.d.primary
  const types = deploymentTypes(ctx)
  const component = mainComponent(p)
  const dep: Record<string, string> = deployment ? { deployment_id: p.activeDeploymentId! } : {}
  const params = (c: string) => ({ ...appParams(p), ...dep, component_name: c })
  const base: Variant = { name: component, params: params(component), query: { type: preferred(types, 'RUN'), ...TAIL }, logs: { components: [component] } }
  return {
    base,
    success: [
      ...names(p).flatMap((c) => withTypes(types, (type) => ({ name: `${p.name}/${c} type=${type} tail_lines=100`, params: params(c), query: { type, ...TAIL }, logs: { components: [c] } }))),
      ...options(base),
    ],
    notFound: [
      unknownApp(base),
      ...(deployment ? [{ ...base, name: 'unknown deployment_id', params: { ...base.params, deployment_id: UNKNOWN_ID } }] : []),
      { ...base, name: 'unknown component', params: { ...base.params, component_name: 'no-such-component' } },
    ],
    badRequest: badType(base),
  }
}

function aggregate(ctx: PlanContext, deployment: boolean): Plan {
  const p = ctx.d.primary
  const types = deploymentTypes(ctx)
  const targets = ctx.d.apps.flatMap((a) => {
    const ids = deployment ? [...new Set([a.activeDeploymentId, a.deployments[0]?.id].filter((x): x is string => !!x))] : a.activeDeploymentId ? [''] : []
    return ids.map((id) => ({ a, id }))
  })
  const params = (a: DiscoveredApp, id: string) => ({ ...appParams(a), ...(deployment ? { deployment_id: id } : {}) })
  const base: Variant = { name: p.name, params: params(p, p.activeDeploymentId!), query: { type: preferred(types, 'RUN'), ...TAIL }, logs: { components: names(p) } }
  const component = mainComponent(p)
  return {
    base,
    success: [
      ...targets.flatMap(({ a, id }) =>
        withTypes(types, (type) => ({
          name: `${a.name}${id ? ` ${short(id)}` : ''} type=${type} tail_lines=100`,
          params: params(a, id),
          query: { type, ...TAIL },
          logs: { components: names(a) },
        })),
      ),
      ...options(base),
      { ...base, name: `type=${base.query!.type} component_name=${component}`, query: { ...base.query, component_name: component }, logs: { components: [component] } },
    ],
    notFound: [
      unknownApp(base),
      ...(deployment ? [{ ...base, name: 'unknown deployment_id', params: { ...base.params, deployment_id: UNKNOWN_ID } }] : []),
      { ...base, name: 'unknown component_name', query: { ...base.query, component_name: 'no-such-component' } },
    ],
    badRequest: badType(base),
  }
}

function jobLogs(ctx: PlanContext): Plan {
  const all = ctx.d.apps.flatMap((a) => a.jobInvocations.slice(0, 3).map((inv) => ({ a, inv })))
  if (!all.length) return { base: 'no app has a job invocation', success: [], notFound: [], badRequest: [] }
  const types = specLogTypes(ctx, ['JOB_INVOCATION'])
  const variant = ({ a, inv }: (typeof all)[number], type: string): Variant => ({
    name: `${a.name}/${inv.jobName} ${short(inv.id)} type=${type}`,
    params: { ...appParams(a), job_name: inv.jobName, job_invocation_id: inv.id },
    query: { type },
    logs: { components: [inv.jobName] },
  })
  const first = all[0]!
  const base = variant(first, preferred(types, 'JOB_INVOCATION'))
  return {
    base,
    success: [
      ...all.flatMap((x) => types.map((type) => variant(x, type))),
      ...options(base).slice(1, 4),
      ...(first.inv.deploymentId ? [{ ...base, name: `${base.name} deployment_id`, query: { ...base.query, deployment_id: first.inv.deploymentId } }] : []),
    ],
    notFound: [
      unknownApp(base),
      { ...base, name: 'unknown job_name', params: { ...base.params, job_name: 'no-such-job' } },
      { ...base, name: 'unknown job_invocation_id', params: { ...base.params, job_invocation_id: UNKNOWN_ID } },
    ],
    badRequest: badType(base),
  }
}

function eventLogs(ctx: PlanContext): Plan {
  const all = ctx.d.apps.flatMap((a) => a.events.slice(0, 3).map((ev) => ({ a, ev })))
  if (!all.length) return { base: 'no app has an event', success: [], notFound: [], badRequest: [] }
  const listed = specLogTypes(ctx, ['AUTOSCALE_EVENT']).filter((t) => t === 'AUTOSCALE_EVENT' || t === 'UNSPECIFIED')
  const types = listed.length ? listed : ['AUTOSCALE_EVENT']
  const variant = ({ a, ev }: (typeof all)[number], type: string): Variant => ({
    name: `${a.name} ${short(ev.id)} type=${type}`,
    params: { ...appParams(a), event_id: ev.id },
    query: { type },
    logs: { components: ev.component ? [ev.component] : names(a) },
  })
  const base = variant(all[0]!, preferred(types, 'AUTOSCALE_EVENT'))
  return {
    base,
    success: [...all.flatMap((x) => types.map((type) => variant(x, type))), ...options(base).slice(1, 4)],
    notFound: [unknownApp(base), { ...base, name: 'unknown event_id', params: { ...base.params, event_id: UNKNOWN_ID } }],
    badRequest: badType(base),
  }
}

/** Plans of the logs operations, by operationId. */
export const logPlans: Record<string, (ctx: PlanContext) => Plan> = {
  apps_get_logs_active_deployment_aggregate: (ctx) => aggregate(ctx, false),
  apps_get_logs_aggregate: (ctx) => aggregate(ctx, true),
  apps_get_logs_active_deployment: (ctx) => perComponent(ctx, false),
  apps_get_logs: (ctx) => perComponent(ctx, true),
  apps_get_job_invocation_logs: jobLogs,
  apps_get_event_logs: eventLogs,
}
