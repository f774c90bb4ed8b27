/** msw handlers for a simulation: one catch-all per provider origin, routed by the pipeline. */
import { http, type RequestHandler, type WebSocketHandler } from 'msw'
import { dispatcher, PROVIDERS } from '../http/dispatch.js'
import { toFetchResponse } from '../http/respond.js'
import type { ProviderHttp } from '../http/provider.js'
import type { Simulation } from '../sim.js'
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
    const handler = http.all(new RegExp(`${originPattern(origin)}(?:\\/.*)?$`), async ({ request }) => toFetchResponse(await dispatch(request)))
    handlers.push(Object.assign(handler, { paasimOrigin: origin }))
    const live = origin !== '*' && providers.some((p) => p.name === 'digitalocean') ? liveLogsSocketHandler(sim, origin) : undefined
    if (live) handlers.push(live)
  }
  return handlers
}
