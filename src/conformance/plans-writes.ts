/**
 * Conformance plans of the App Platform writes (create and cancel a deployment, restart) and of
 * the catalog (regions, instance sizes, alerts). The writes change the server's world: a run
 * creates deployments, and cancels only deployments that already ended (answered unchanged).
 */
import { appParams, mainComponent, unknownApp, UNKNOWN_ID, type Plan, type PlanContext, type Variant } from './plan-kit.js'

const noArgs = (): Plan => {
  const base: Variant = { name: 'default', params: {} }
  return { base, success: [base], notFound: [], badRequest: [] }
}

/** Plans by operationId. */
export const writePlans: Record<string, (ctx: PlanContext) => Plan> = {
  apps_list_regions: noArgs,
  apps_list_instanceSizes: noArgs,
  apps_get_instanceSize: () => {
    const base: Variant = { name: 'apps-s-1vcpu-0.5gb', params: { slug: 'apps-s-1vcpu-0.5gb' } }
    return {
      base,
      success: [base, { name: 'apps-d-8vcpu-32gb', params: { slug: 'apps-d-8vcpu-32gb' } }],
      notFound: [{ name: 'unknown slug', params: { slug: 'apps-x-0vcpu-0gb' } }],
      badRequest: [],
    }
  },
  apps_list_alerts: (ctx) => {
    const base: Variant = { name: 'default', params: appParams(ctx.d.primary) }
    return { base, success: ctx.d.apps.map((a) => ({ name: a.name, params: appParams(a) })), notFound: [unknownApp(base)], badRequest: [] }
  },
  apps_create_deployment: (ctx) => {
    const base: Variant = { name: 'force_build=false', params: appParams(ctx.d.primary), body: { force_build: false } }
    return { base, success: [base, { ...base, name: 'force_build=true', body: { force_build: true } }], notFound: [unknownApp(base)], badRequest: [] }
  },
  apps_cancel_deployment: (ctx) => {
    const p = ctx.d.primary
    if (!p.activeDeploymentId) return { base: 'the first app has no active deployment', success: [], notFound: [], badRequest: [] }
    const base: Variant = { name: 'an ended deployment', params: { ...appParams(p), deployment_id: p.activeDeploymentId } }
    return {
      base,
      success: [base],
      notFound: [unknownApp(base), { ...base, name: 'unknown deployment_id', params: { ...base.params, deployment_id: UNKNOWN_ID } }],
      badRequest: [],
    }
  },
  apps_restart: (ctx) => {
    const p = ctx.d.primary
    const base: Variant = { name: 'every component', params: appParams(p), body: { components: [] } }
    return { base, success: [base, { ...base, name: `components=${mainComponent(p)}`, body: { components: [mainComponent(p)] } }], notFound: [unknownApp(base)], badRequest: [] }
  },
}
