/** The Akkeris provider's HTTP face. */
import type { ProviderHttp } from '../../http/provider.js'
import { empty, useTitleCaseHeaders } from '../../http/respond.js'
import { compileRoutes } from '../../http/route.js'
import { authenticateAkkeris } from './auth.js'
import { akkerisFaultScope } from './fault-scope.js'
import { RATE_LIMIT_HEADER, renderAkkerisError, renderAkkerisFault } from './errors.js'
import { akkerisRoutes } from './routes.js'

/** Default origin of the Akkeris API. */
export const AKKERIS_ORIGIN = 'https://apps.akkeris.io'

/** Akkeris as the pipeline sees it. */
export const akkerisHttp: ProviderHttp = {
  name: 'akkeris',
  defaultOrigin: AKKERIS_ORIGIN,
  routes: compileRoutes(akkerisRoutes),
  owns: (pathname) => !pathname.startsWith('/v2/') && pathname !== '/v2',
  notFound: () => empty(404),
  authenticate: (ctx) => authenticateAkkeris(ctx.request, ctx.sim.tokens),
  renderError: (err) => renderAkkerisError(err),
  renderFault: (status) => renderAkkerisFault(status),
  faultScope: akkerisFaultScope,
  finish(response, ctx) {
    const isStream = ctx.operationId === 'log-sessions.stream' && response.ok
    const unmatched = ctx.operationId === ''
    if (!isStream && !unmatched && !response.headers.has(RATE_LIMIT_HEADER[0])) response.headers.set(...RATE_LIMIT_HEADER)
    return useTitleCaseHeaders(response)
  },
}

export { AkkerisBackend } from './backend.js'
