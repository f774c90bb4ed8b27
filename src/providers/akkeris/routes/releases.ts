/**
 * Akkeris release routes: the releases the app's build history implies, and their statuses.
 * @see ../../../../../shared/reference/akkeris.md#objects (Release)
 */
import type { Route } from '../../../http/route.js'
import { findRelease, listReleases } from '../releases.js'
import { serializeRelease } from '../serializers-platform.js'
import { backendOf, json } from './kit.js'

/** Release routes. */
export const releaseRoutes: Route[] = [
  {
    method: 'GET',
    path: '/apps/{app}/releases',
    operationId: 'releases.list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app)
      return json(listReleases(backend, app).map((r) => serializeRelease(app, r)))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/releases/{release}',
    operationId: 'releases.get',
    resolve: (ctx) => {
      const { app, release } = findRelease(backendOf(ctx), ctx.params.app, ctx.params.release)
      return json(serializeRelease(app, release))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/releases/{release}/statuses',
    operationId: 'releases.statuses',
    resolve: (ctx) => {
      const { app, release } = findRelease(backendOf(ctx), ctx.params.app, ctx.params.release)
      // no status checks are ever posted in the simulation, so the combined state is `success`
      return json({ state: release.state, release: serializeRelease(app, release), statuses: [] })
    },
  },
]
