/** msw handlers for a simulation: one catch-all per provider origin, routed by the pipeline. */
import type { RequestHandler, WebSocketHandler } from 'msw'
import { dispatcher, PROVIDERS } from '../http/dispatch.js'
import { toFetchResponse } from '../http/respond.js'
import type { ProviderHttp } from '../http/provider.js'
import type { Simulation } from '../sim.js'
import { http } from './msw-api.js'
import { liveLogsSocketHandler } from './msw-ws.js'

export interface HandlerOptions {
  /**
   * Origin per provider (defaults: `https://apps.akkeris.io`, `https://api.digitalocean.com`), or
   * `'*'` to answer any origin with every provider sharing it, routed by path (as the standalone
   * server does).
   */
  origins?: '*' | Partial<Record<'akkeris' | 'digitalocean', string>>
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

function originPattern(origin: string): string {
  if (origin === '*') return '^https?:\\/\\/[^/]+'
  const url = new URL(origin)
  return `^${escape(url.origin)}`
}

/** What paasim's HTTP handlers carry for `sim.fetch` and `sim.origins()`. */
export interface PaasimHandlerInfo {
  origin: string
  pattern: RegExp
  answer(request: Request): Promise<Response>
}

/** paasim's info on a handler it built, if it is one. */
export function paasimInfo(handler: unknown): PaasimHandlerInfo | undefined {
  return (handler as { paasim?: PaasimHandlerInfo }).paasim
}

/** Builds the msw handlers of a simulation: one per distinct origin, dispatching by path. */
export function toHandlers(sim: Simulation, options: HandlerOptions = {}): Array<RequestHandler | WebSocketHandler> {
  const byOrigin = new Map<string, ProviderHttp[]>()
  for (const provider of PROVIDERS) {
    const configured = options.origins === '*' ? '*' : options.origins?.[provider.name as 'akkeris']
    const origin = configured === '*' ? '*' : new URL(configured ?? provider.defaultOrigin).origin
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), provider])
  }
  const handlers: Array<RequestHandler | WebSocketHandler> = []
  for (const [origin, providers] of byOrigin) {
    const dispatch = dispatcher(sim, providers)
    const pattern = new RegExp(`${originPattern(origin)}(?:\\/.*)?$`)
    const answer = async (request: Request) => toFetchResponse(await dispatch(request))
    const handler = http.all(pattern, ({ request }) => answer(request))
    handlers.push(Object.assign(handler, { paasim: { origin, pattern, answer } satisfies PaasimHandlerInfo }))
    const live = origin !== '*' && providers.some((p) => p.name === 'digitalocean') ? liveLogsSocketHandler(sim, origin) : undefined
    if (live) handlers.push(live)
  }
  return handlers
}
