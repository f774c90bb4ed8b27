/**
 * The request pipeline every transport shares: route → auth → admission (rate limits) → faults →
 * resolver → error rendering, with a journal entry per request.
 */
import { isSimError, SimError } from '../core/errors.js'
import { uuid } from '../core/ids.js'
import { realDelay } from '../core/timers.js'
import type { Simulation } from '../sim.js'
import { readJsonBody } from './body.js'
import type { RequestContext } from './context.js'
import type { ProviderHttp } from './provider.js'
import { matchRoute } from './route.js'
import type { SimRequest } from './sim-request.js'

/** Answers one request addressed to `provider`. */
export async function handle(sim: Simulation, provider: ProviderHttp, request: SimRequest): Promise<Response> {
  await sim.ready
  const url = new URL(request.url)
  const match = matchRoute(provider.routes, request.method, url.pathname)
  let requestId: string | undefined
  const ctx: RequestContext = {
    request,
    url,
    params: match?.params ?? {},
    origin: url.origin,
    get signal() {
      return request.signal
    },
    sim,
    operationId: match?.route.operationId ?? '',
    token: undefined,
    headers: new Map(),
    get requestId() {
      return (requestId ??= uuid(sim.requestIds))
    },
    readJson: () => readJsonBody(request),
  }
  let fault: number | undefined
  let response: Response
  try {
    if (!match) {
      response = provider.notFound(ctx)
    } else {
      if (!match.route.public) ctx.token = provider.authenticate(ctx)
      provider.admit?.(ctx)
      const action = sim.faults.decide(provider.name, match.route.operationId)
      if (action) {
        fault = action.rule
        if (action.delayMs) await realDelay(action.delayMs, ctx.signal)
      }
      response = action?.status ? provider.renderFault(action.status, ctx) : await match.route.resolve(ctx)
    }
  } catch (err) {
    response = provider.renderError(isSimError(err) ? err : internal(err, sim), ctx)
  }
  response = provider.finish(response, ctx)
  sim.journal.record({
    at: sim.clock.iso(),
    provider: provider.name,
    operationId: match?.route.operationId ?? null,
    method: request.method,
    path: url.pathname + url.search,
    status: response.status,
    ...(fault ? { fault } : {}),
  })
  return response
}

function internal(err: unknown, sim: Simulation): SimError {
  sim.onError(err)
  return new SimError('server_error')
}
