/** The DigitalOcean App Platform provider's HTTP face. */
import type { ProviderHttp } from '../../http/provider.js'
import { compileRoutes } from '../../http/route.js'
import { admitDo, authenticateDo } from './auth.js'
import { doErrorResponse, renderDoError } from './errors.js'
import { digitalOceanFaultScope } from './fault-scope.js'
import { LIVE_SOCKET_OPERATION } from './live.js'
import { appRoutes } from './routes/apps.js'
import { deploymentRoutes } from './routes/deployments.js'
import { logRoutes } from './routes/logs.js'
import { metricRoutes } from './routes/metrics.js'

/** Default origin of the DigitalOcean API. */
export const DIGITALOCEAN_ORIGIN = 'https://api.digitalocean.com'

/** DigitalOcean as the pipeline sees it: auth (and scope) before routing, JSON errors, rate-limit headers. */
export const digitalOceanHttp: ProviderHttp = {
  name: 'digitalocean',
  defaultOrigin: DIGITALOCEAN_ORIGIN,
  // the two POST/static paths first so `/v2/apps/{id}` cannot shadow them
  routes: compileRoutes([...logRoutes, ...metricRoutes, ...deploymentRoutes, ...appRoutes]),
  socketOperations: [LIVE_SOCKET_OPERATION],
  owns: (pathname) => pathname === '/v2' || pathname.startsWith('/v2/'),
  notFound: (ctx) => {
    try {
      authenticateDo({ ...ctx, operationId: 'apps_unknown' })
    } catch (err) {
      return renderDoError(err as never, ctx)
    }
    return doErrorResponse(404, ctx)
  },
  authenticate: authenticateDo,
  admit: admitDo,
  faultScope: digitalOceanFaultScope,
  renderError: renderDoError,
  renderFault: (status, ctx) => {
    // an injected 429 looks like the burst limit's: retry-after (seconds) beside ratelimit-* (remaining 0, set in finish)
    if (status === 429) ctx.headers.set('retry-after', '1')
    return doErrorResponse(status, ctx)
  },
  finish(response, ctx) {
    const streamed = (ctx.operationId === 'live_logs.stream' || ctx.operationId === 'log_archive.get') && response.ok
    if (streamed) return response
    if (!ctx.headers.has('ratelimit-limit')) {
      const d = ctx.token ? ctx.sim.rateLimits.peek(ctx.token.token) : { limit: ctx.sim.rateLimits.hourly, remaining: ctx.sim.rateLimits.hourly, reset: Math.ceil(ctx.sim.clock.now() / 1000) }
      ctx.headers.set('ratelimit-limit', String(d.limit))
      ctx.headers.set('ratelimit-remaining', String(d.remaining))
      ctx.headers.set('ratelimit-reset', String(d.reset))
    }
    if (response.status === 429) ctx.headers.set('ratelimit-remaining', '0')
    for (const [k, v] of ctx.headers) response.headers.set(k, v)
    response.headers.set('x-request-id', ctx.requestId)
    return response
  },
}
