/**
 * Control routes for incidents and rate limits: start an incident (a crash or crash loop, a
 * restart, a failed build or deployment, an autoscale) with the same JSON `sim.incidents.start`
 * takes, and read each accepted token's DigitalOcean rate-limit window. The console's buttons
 * call these; scripts can too.
 */
import { SimError } from '../core/errors.js'
import { readObject } from './control-body.js'
import { json } from './respond.js'
import type { Route } from './route.js'

/** The message of a lookup that failed, in the control routes' words. */
function notFound(body: Record<string, unknown>, err: SimError): string {
  if (err.code === 'dyno_type_not_found') return `no dyno type ${String(err.details.type)} on ${String(body.app)}`
  if (err.code === 'dyno_not_found') return `no dyno ${String(body.dyno)} serving on ${String(body.app)} then`
  return `no ${String(body.provider)} app ${String(body.app)}${typeof body.component === 'string' ? ` with a component ${body.component}` : ''}`
}

/** `POST /__paasim/incidents`, `GET /__paasim/rate-limits`. */
export const incidentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/__paasim/incidents',
    operationId: 'control.incidents.start',
    resolve: async (ctx) => {
      const body = await readObject(ctx)
      try {
        return json(await ctx.sim.incidents.start(body), { status: 201 })
      } catch (err) {
        // the control routes' own format: a bad body is a 400, an unknown app or component a 404
        if (err instanceof TypeError && err.message.startsWith('not a valid incident')) throw new SimError('bad_request', {}, err.message)
        if (err instanceof SimError && err.code !== 'bad_request') throw new SimError('not_found', {}, notFound(body, err))
        throw err
      }
    },
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
