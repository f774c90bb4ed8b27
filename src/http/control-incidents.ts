/**
 * Control routes for incidents and rate limits: start a build or deployment (that succeeds or
 * fails) on an app, and read each accepted token's DigitalOcean rate-limit window. The console's
 * buttons call these; scripts can too.
 */
import { SimError } from '../core/errors.js'
import { readObject } from './control-body.js'
import type { RequestContext } from './context.js'
import { json } from './respond.js'
import type { Route } from './route.js'

/** What `POST /__paasim/incidents` can start, per provider, and the outcome it is planned with. */
const KINDS = {
  akkeris: { build: 'succeeded', 'failed-build': 'failed' },
  digitalocean: { deployment: 'success', 'failed-build': 'build_error', 'failed-deploy': 'deploy_error' },
} as const

type Provider = keyof typeof KINDS

async function startIncident(ctx: RequestContext, body: Record<string, unknown>) {
  const { provider, app, kind } = body
  if (provider !== 'akkeris' && provider !== 'digitalocean') throw new SimError('bad_request', {}, 'give "provider": akkeris or digitalocean')
  const kinds = KINDS[provider as Provider] as Record<string, string>
  if (typeof kind !== 'string' || !Object.hasOwn(kinds, kind)) throw new SimError('bad_request', {}, `give "kind": one of ${Object.keys(kinds).join(', ')}`)
  if (typeof app !== 'string' || !app) throw new SimError('bad_request', {}, 'give "app": its id, or its key (Akkeris) or name (DigitalOcean)')
  const outcome = kinds[kind]
  try {
    if (provider === 'akkeris') {
      const build = await ctx.sim.akkeris.createBuild(app, { outcome: outcome as 'succeeded' | 'failed' })
      return { provider, kind, app: ctx.sim.akkeris.app(app).key, build: build.id }
    }
    const record = ctx.sim.digitalocean.app(app)
    const deployment = await ctx.sim.digitalocean.createDeployment(record.id, { outcome: outcome as 'success', cause: 'started from the paasim control routes' })
    return { provider, kind, app: record.id, deployment: deployment.record.id }
  } catch (err) {
    if (err instanceof SimError && err.code === 'not_found') throw new SimError('not_found', {}, `no ${provider} app ${app}`)
    throw err
  }
}

/** `POST /__paasim/incidents`, `GET /__paasim/rate-limits`. */
export const incidentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/__paasim/incidents',
    operationId: 'control.incidents.start',
    resolve: async (ctx) => json(await startIncident(ctx, await readObject(ctx)), { status: 201 }),
  },
  {
    method: 'GET',
    path: '/__paasim/rate-limits',
    operationId: 'control.rate-limits.list',
    resolve: (ctx) =>
      json(ctx.sim.tokens.list().map(({ token, scopes }) => {
        const { limit, remaining, reset } = ctx.sim.rateLimits.peek(token)
        return { token, scopes, limit, remaining, reset: new Date(reset * 1000).toISOString() }
      })),
  },
]
