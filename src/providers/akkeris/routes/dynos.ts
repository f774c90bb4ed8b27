/**
 * Akkeris dyno routes: list, get, and restarts of every type, one type or one dyno (202 pending).
 * @see ../../../../../shared/reference/akkeris.md#dynos-and-restarts
 */
import type { Route } from '../../../http/route.js'
import { findDyno, listDynos, restartDynos } from '../dynos.js'
import { serializeDyno } from '../serializers-platform.js'
import { backendOf, json } from './kit.js'

/** Dyno routes. */
export const dynoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/apps/{app}/dynos',
    operationId: 'dynos.list',
    resolve: (ctx) => {
      const { app, dynos, release } = listDynos(backendOf(ctx), ctx.params.app)
      return json(dynos.map((d) => serializeDyno(app, d, release)))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/dynos/{dyno}',
    operationId: 'dynos.get',
    resolve: (ctx) => {
      const { app, dyno, release } = findDyno(backendOf(ctx), ctx.params.app, ctx.params.dyno)
      return json(serializeDyno(app, dyno, release))
    },
  },
  {
    method: 'DELETE',
    path: '/apps/{app}/dynos',
    operationId: 'dynos.restart-all',
    resolve: async (ctx) => json(await restartDynos(backendOf(ctx), ctx.params.app), { status: 202 }),
  },
  {
    method: 'DELETE',
    path: '/apps/{app}/dynos/{dyno}',
    operationId: 'dynos.restart',
    resolve: async (ctx) => json(await restartDynos(backendOf(ctx), ctx.params.app, ctx.params.dyno), { status: 202 }),
  },
]
