/**
 * Akkeris log-drain routes for apps and sites: list, create, get, delete.
 * @see ../../../../../shared/reference/akkeris.md#log-drains
 */
import type { RequestContext } from '../../../http/context.js'
import type { Route } from '../../../http/route.js'
import { createDrain, deleteDrain, drainToken, findDrain, listDrains, type DrainTarget } from '../drains.js'
import { serializeDrain } from '../serializers-platform.js'
import { backendOf, json } from './kit.js'

/** The four drain routes under `/apps/{app}` or `/sites/{site}`. */
function drainRoutes(kind: 'apps' | 'sites'): Route[] {
  const prefix = kind === 'apps' ? '/apps/{app}/log-drains' : '/sites/{site}/log-drains'
  const name = kind === 'apps' ? 'log-drains' : 'site-log-drains'
  const targetOf = (ctx: RequestContext): DrainTarget =>
    kind === 'apps' ? { app: backendOf(ctx).app(ctx.params.app) } : { site: backendOf(ctx).site(ctx.params.site) }
  return [
    {
      method: 'GET',
      path: prefix,
      operationId: `${name}.list`,
      resolve: (ctx) => {
        const target = targetOf(ctx)
        return json(listDrains(backendOf(ctx), target).map((d) => serializeDrain(d, drainToken(target))))
      },
    },
    {
      method: 'POST',
      path: prefix,
      operationId: `${name}.create`,
      resolve: async (ctx) => {
        const target = targetOf(ctx)
        const drain = await createDrain(backendOf(ctx), target, await ctx.readJson())
        return json(serializeDrain(drain, drainToken(target)), { status: 201 })
      },
    },
    {
      method: 'GET',
      path: `${prefix}/{drain}`,
      operationId: `${name}.get`,
      resolve: (ctx) => {
        const target = targetOf(ctx)
        return json(serializeDrain(findDrain(backendOf(ctx), target, ctx.params.drain), drainToken(target)))
      },
    },
    {
      method: 'DELETE',
      path: `${prefix}/{drain}`,
      operationId: `${name}.delete`,
      resolve: async (ctx) => {
        const target = targetOf(ctx)
        return json(serializeDrain(await deleteDrain(backendOf(ctx), target, ctx.params.drain), drainToken(target)))
      },
    },
  ]
}

/** Drain routes of apps and sites. */
export const logDrainRoutes: Route[] = [...drainRoutes('apps'), ...drainRoutes('sites')]
