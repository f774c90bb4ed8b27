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
import type { SimResponse } from './respond.js'
import { matchRoute } from './route.js'
import type { SimRequest } from './sim-request.js'
import type { StreamFault } from '../faults/types.js'

/** A value or a promise of it: synchronous answers stay synchronous (no microtask hop per request). */
export type MaybePromise<T> = T | Promise<T>

/** Whether a {@link MaybePromise} is the promise. */
export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => typeof (value as Promise<T> | undefined)?.then === 'function'

/**
 * Answers one request addressed to `provider`. Routes that answer synchronously are answered
 * synchronously; a resolver that returns a promise (a body to read, a fault delay) makes the answer
 * a promise, errors included.
 */
export function handle(sim: Simulation, provider: ProviderHttp, request: SimRequest, waited = false): MaybePromise<SimResponse> {
  // a world that failed to build answers errors in the API's format (control routes still run, to fix it)
  if (!waited && !sim.isReady) return sim.ready.then(() => handle(sim, provider, request), () => handle(sim, provider, request, true))
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
  let extra: Record<string, string> | undefined
  let streamFault: StreamFault | undefined
  const conclude = (answer: SimResponse): SimResponse => {
    // a stream rule acts on the stream the resolver answered (an error answer is left as it is)
    if (streamFault && answer.ok && answer.withStreamFault) answer = answer.withStreamFault(streamFault, sim.clock)
    const response = provider.finish(answer, ctx)
    if (extra) for (const name in extra) response.headers.set(name, extra[name])
    sim.journal.record({
      at: sim.clock.iso(),
      provider: provider.name,
      operationId: match?.route.operationId ?? null,
      method: request.method,
      path: url.pathname + url.search,
      status: response.status,
      ...(fault ? { fault } : {}),
    }, request)
    return response
  }
  const fail = (err: unknown): SimResponse => provider.renderError(isSimError(err) ? err : internal(err, sim), ctx)
  let answer: MaybePromise<SimResponse>
  try {
    if (!sim.isReady && provider.name !== 'control') {
      answer = fail(new SimError('unavailable', {}, 'no world is built: the world given at creation failed; reset to a valid one'))
    } else if (!match) {
      answer = provider.notFound(ctx)
    } else {
      const route = match.route
      if (!route.public) ctx.token = provider.authenticate(ctx)
      provider.admit?.(ctx)
      // control routes are never faulted: a rule on `*` must not lock out its own removal
      const action = provider.name === 'control' ? undefined : sim.faults.decide(provider.name, route.operationId)
      if (action) {
        fault = action.rule
        extra = action.headers
        streamFault = action.stream
      }
      const run = () => (action?.status ? provider.renderFault(action.status, ctx) : route.resolve(ctx))
      answer = action?.delayMs ? faultDelay(sim, action.delayMs, ctx.signal).then(run) : run()
    }
  } catch (err) {
    answer = fail(err)
  }
  return isPromise(answer) ? answer.then(conclude, (err: unknown) => conclude(fail(err))) : conclude(answer)
}

/** A fault's delay: on the simulation clock when it is manual (so `advance` releases it), real time otherwise. */
function faultDelay(sim: Simulation, ms: number, signal: AbortSignal): Promise<unknown> {
  return sim.clock.mode === 'manual' ? sim.clock.sleepUntil(sim.clock.now() + ms, signal) : realDelay(ms, signal)
}

function internal(err: unknown, sim: Simulation): SimError {
  sim.onError(err)
  return new SimError('server_error')
}
