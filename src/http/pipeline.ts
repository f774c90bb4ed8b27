/**
 * The request pipeline every transport shares: route → auth → admission (rate limits) → faults →
 * resolver → error rendering, with a journal entry per request.
 */
import { isSimError, SimError } from '../core/errors.js'
import { uuid } from '../core/ids.js'
import type { FaultAction } from '../faults/types.js'
import type { FaultRequest } from '../faults/match.js'
import type { Simulation } from '../sim.js'
import { readJsonBody } from './body.js'
import type { RequestContext } from './context.js'
import type { ProviderHttp } from './provider.js'
import type { SimResponse } from './respond.js'
import { matchRoute } from './route.js'
import type { SimRequest } from './sim-request.js'
import type { TokenInfo } from './tokens.js'

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
  const ctx = new Context(sim, request, url, match?.params ?? {}, match?.route.operationId ?? '')
  let fault: FaultAction | undefined
  const conclude = (answer: SimResponse): SimResponse => {
    // a stream rule acts on the stream the resolver answered (an error answer is left as it is)
    if (fault?.stream && answer.ok && answer.withStreamFault) answer = answer.withStreamFault(fault.stream, sim.clock)
    const response = provider.finish(answer, ctx)
    if (fault) applyFault(response, fault)
    sim.journal.record({
      at: sim.clock.iso(),
      provider: provider.name,
      operationId: match?.route.operationId ?? null,
      method: request.method,
      path: url.pathname + url.search,
      status: response.status,
      ...(fault ? { fault: fault.rule, faultKind: fault.kind } : {}),
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
      const action = (fault = provider.name === 'control' || !sim.faults.active ? undefined : sim.faults.decide(faultRequest(provider, ctx)))
      // a connection fault still runs the route: the world changes as asked, only the answer is lost (or cut)
      const run = () => (action?.status ? provider.renderFault(action.status, ctx) : route.resolve(ctx))
      answer = action?.delayMs ? faultDelay(sim, action.delayMs, ctx.signal).then(run) : run()
    }
  } catch (err) {
    answer = fail(err)
  }
  return isPromise(answer) ? answer.then(conclude, (err: unknown) => conclude(fail(err))) : conclude(answer)
}

/** What fault rules are told about a request: its operation, method, token, and the app and component it names. */
export function faultRequest(provider: ProviderHttp, ctx: RequestContext): FaultRequest {
  let subject: { app?: string; component?: string } = {}
  try {
    subject = provider.faultScope?.subject(ctx) ?? {}
  } catch {
    // a request naming nothing the world knows is matched by its operation alone
  }
  return { provider: provider.name, operationId: ctx.operationId, method: ctx.request.method.toUpperCase(), token: ctx.token?.token, app: subject.app, component: subject.component }
}

/** Puts a fault's headers on the answer and hands its connection fault to the transport. */
function applyFault(response: SimResponse, action: FaultAction): void {
  if (action.headers) for (const name in action.headers) response.headers.set(name, action.headers[name])
  if (!action.connection) return
  response.connection = action.connection
  // nothing of a reset, empty or malformed answer's body is sent: a stream's producer stops now
  if (action.connection.kind !== 'truncate' && response.body !== null && typeof response.body !== 'string') void response.body.cancel().catch(() => {})
}

/**
 * The context a provider renders with: the request id is drawn and the origin written only when
 * asked for (a URL's origin getter serialises it anew each call). A class, not an object literal:
 * a literal's getters are defined anew, by the runtime, for every request.
 */
class Context implements RequestContext {
  token: TokenInfo | undefined = undefined
  readonly headers = new Map<string, string>()
  #requestId: string | undefined
  #origin: string | undefined

  constructor(
    readonly sim: Simulation,
    readonly request: SimRequest,
    readonly url: URL,
    readonly params: Record<string, string>,
    readonly operationId: string,
  ) {}

  get origin(): string {
    return (this.#origin ??= this.url.origin)
  }

  get signal(): AbortSignal {
    return this.request.signal
  }

  get requestId(): string {
    return (this.#requestId ??= uuid(this.sim.requestIds))
  }

  readJson(): Promise<unknown> {
    return readJsonBody(this.request)
  }
}

/**
 * Answers a request no route may see (the HTTP parser refused it): `err` rendered in `provider`'s
 * own error format with its headers (no credentials are read), journalled like any other answer.
 */
export function refuse(sim: Simulation, provider: ProviderHttp, request: SimRequest, err: SimError): SimResponse {
  const url = new URL(request.url)
  const ctx = new Context(sim, request, url, {}, '')
  const response = provider.finish(provider.renderError(err, ctx), ctx)
  sim.journal.record({ at: sim.clock.iso(), provider: provider.name, operationId: null, method: request.method, path: url.pathname + url.search, status: response.status }, request)
  return response
}

/** A fault's latency, on the simulation clock: a manual clock's `advance` releases it, a scaled one shortens it. */
function faultDelay(sim: Simulation, ms: number, signal: AbortSignal): Promise<unknown> {
  const wait = sim.clock.sleepUntil(sim.clock.now() + ms, signal)
  if (sim.clock.mode === 'manual') return wait
  // a running clock's timer does not hold the process open (streams run in the background); a
  // request waiting out its latency does, as any request in flight would
  const hold = setInterval(() => {}, 2 ** 30)
  return wait.finally(() => clearInterval(hold))
}

function internal(err: unknown, sim: Simulation): SimError {
  sim.onError(err)
  return new SimError('server_error')
}
