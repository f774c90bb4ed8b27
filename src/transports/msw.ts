/** msw handlers for a simulation: one catch-all per provider origin, routed by the pipeline. */
import { http, type RequestHandler } from 'msw'
import { handle } from '../http/pipeline.js'
import { controlHttp } from '../http/control-routes.js'
import type { ProviderHttp } from '../http/provider.js'
import { akkerisHttp } from '../providers/akkeris/index.js'
import { digitalOceanHttp } from '../providers/digitalocean/index.js'
import type { Simulation } from '../sim.js'

/** Every provider, in matching order on a shared origin (most specific first). */
export const PROVIDERS: ProviderHttp[] = [digitalOceanHttp, akkerisHttp]

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
export function toHandlers(sim: Simulation, options: HandlerOptions = {}): RequestHandler[] {
  const byOrigin = new Map<string, ProviderHttp[]>()
  for (const provider of PROVIDERS) {
    const configured = options.origins === '*' ? '*' : options.origins?.[provider.name as 'akkeris']
    const origin = configured === '*' ? '*' : new URL(configured ?? provider.defaultOrigin).origin
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), provider])
  }
  return [...byOrigin].map(([origin, providers]) => {
    const handler = http.all(new RegExp(`${originPattern(origin)}(?:\\/.*)?$`), ({ request }) => {
      const path = new URL(request.url).pathname
      if (sim.control && (path === '/__paasim' || path.startsWith('/__paasim/'))) return handle(sim, controlHttp, request)
      const owner = providers.length === 1 ? providers[0] : (providers.find((p) => p.owns(path)) ?? providers[providers.length - 1])
      return handle(sim, owner, request)
    })
    return Object.assign(handler, { paasimOrigin: origin })
  })
}
