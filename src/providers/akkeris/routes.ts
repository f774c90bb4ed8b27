/**
 * Akkeris routes: parse params, query and body → one backend call → serialize.
 * @see ../../../../shared/reference/akkeris.md#routes-in-scope
 */
import { bytes, stream } from '../../http/respond.js'
import type { Route } from '../../http/route.js'
import type { AkkerisBackend } from './backend.js'
import { appMetricsJson } from './metrics.js'
import { accountRoutes } from './routes/account.js'
import { dynoRoutes } from './routes/dynos.js'
import { logDrainRoutes } from './routes/drains.js'
import { backendOf, json, JSON_TYPE } from './routes/kit.js'
import { releaseRoutes } from './routes/releases.js'
import { appImage } from './releases.js'
import * as wire from './serializers.js'
import { createLogSession, openLogStream } from './stream.js'


/**
 * The app object as JSON text, serialised once per write and release: clients poll apps, and the
 * object changes only with the stored records and with the latest release.
 */
function appJson(backend: AkkerisBackend, ref: string, withImage = false): string {
  const app = backend.app(ref)
  const released = backend.latestRelease(app)
  return backend.remember(`app-json:${app.id}:${released}:${withImage}`, () =>
    JSON.stringify(wire.serializeApp(app, backend.space(app.space), backend.formations(app), released, withImage ? appImage(backend, app) : undefined)),
  )
}

/** Every Akkeris route. */
export const akkerisRoutes: Route[] = [
  {
    method: 'GET',
    path: '/apps',
    operationId: 'apps.list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      // the list changes with a write or when an app's latest release changes: joined once per span
      const list = backend.rememberUntil('apps-json', () => {
        let until = Infinity
        const items = backend.listApps().map((a) => {
          until = Math.min(until, backend.nextRelease(a))
          return appJson(backend, a.id)
        })
        return { value: `[${items.join(',')}]`, until }
      })
      return bytes(list, JSON_TYPE)
    },
  },
  { method: 'GET', path: '/apps/{app}', operationId: 'apps.get', resolve: (ctx) => bytes(appJson(backendOf(ctx), ctx.params.app, true), JSON_TYPE) },
  {
    method: 'GET',
    path: '/apps/{app}/formation',
    operationId: 'formation.list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app)
      return json(backend.formations(app).map((f) => wire.serializeFormation(app, f)))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/builds',
    operationId: 'builds.list',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app)
      return json(backend.builds(app).map((b) => wire.serializeBuild(ctx.origin, app, b)))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/builds/{build}',
    operationId: 'builds.get',
    resolve: (ctx) => {
      const { app, build } = backendOf(ctx).build(ctx.params.app, ctx.params.build)
      return json(wire.serializeBuild(ctx.origin, app, build))
    },
  },
  {
    method: 'GET',
    path: '/apps/{app}/builds/{build}/result',
    operationId: 'builds.result',
    resolve: (ctx) => {
      const { app, build, lines } = backendOf(ctx).buildResult(ctx.params.app, ctx.params.build)
      return json(wire.serializeBuildResult(ctx.origin, app, build, lines))
    },
  },
  {
    method: 'POST',
    path: '/apps/{app}/builds',
    operationId: 'builds.create',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      backend.app(ctx.params.app)
      const body = await ctx.readJson()
      const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
      const text = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined)
      const { app, build } = await backend.createBuild(ctx.params.app, { sha: text('sha'), branch: text('branch'), repo: text('repo'), version: text('version'), checksum: text('checksum') })
      return json(wire.serializeBuild(ctx.origin, app, build), { status: 201 })
    },
  },
  {
    method: 'POST',
    path: '/apps/{app}/log-sessions',
    operationId: 'log-sessions.create',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app)
      const session = await createLogSession(backend, { app }, await ctx.readJson(), ctx.sim.sessionIds)
      return json(wire.serializeLogSession(ctx.origin, session), { status: 201 })
    },
  },
  {
    method: 'POST',
    path: '/sites/{site}/log-sessions',
    operationId: 'site-log-sessions.create',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const site = backend.site(ctx.params.site)
      const session = await createLogSession(backend, { site }, await ctx.readJson(), ctx.sim.sessionIds)
      return json(wire.serializeLogSession(ctx.origin, session), { status: 201 })
    },
  },
  {
    method: 'GET',
    path: wire.logStreamPath('{session}'),
    operationId: 'log-sessions.stream',
    public: true,
    stream: true,
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      return stream((signal) => openLogStream(backend, ctx.params.session, ctx.sim.claimedSessions, signal), ctx.signal)
    },
  },
  { method: 'GET', path: '/sites', operationId: 'sites.list', resolve: (ctx) => json(backendOf(ctx).listSites().map(wire.serializeSite)) },
  { method: 'GET', path: '/sites/{site}', operationId: 'sites.get', resolve: (ctx) => json(wire.serializeSite(backendOf(ctx).site(ctx.params.site))) },
  {
    method: 'GET',
    path: '/apps/{app}/metrics',
    operationId: 'metrics.get',
    resolve: (ctx) => {
      const q = ctx.url.searchParams
      return bytes(appMetricsJson(backendOf(ctx), ctx.params.app, { resolution: q.get('resolution'), from: q.get('from'), to: q.get('to') }), JSON_TYPE)
    },
  },
  ...dynoRoutes,
  ...releaseRoutes,
  ...accountRoutes,
  ...logDrainRoutes,
]
