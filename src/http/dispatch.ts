/**
 * The one matcher every transport shares: given the providers that serve an origin, send a
 * request to the control routes (when enabled) or to the provider that owns its path, through the
 * pipeline. msw handlers and the Express adapter both call this, so they cannot drift.
 */
import type { FaultResolver } from '../faults/match.js'
import { akkerisHttp } from '../providers/akkeris/index.js'
import { digitalOceanHttp } from '../providers/digitalocean/index.js'
import type { Simulation } from '../sim.js'
import { controlHttp } from './control-routes.js'
import type { SimError } from '../core/errors.js'
import { handle, refuse, type MaybePromise } from './pipeline.js'
import type { ProviderHttp } from './provider.js'
import type { SimResponse } from './respond.js'
import type { SimRequest } from './sim-request.js'

/** Every provider, in matching order on a shared origin (most specific first). */
export const PROVIDERS: ProviderHttp[] = [digitalOceanHttp, akkerisHttp]

/** Every operation of every provider (what a fault rule may match), streams and sockets marked. */
export function faultOperations(): Array<{ provider: string; operationId: string; stream?: boolean; socket?: boolean }> {
  return PROVIDERS.flatMap((p) => [
    ...p.routes.map((r) => ({ provider: p.name, operationId: r.operationId, ...(r.stream ? { stream: true } : {}) })),
    ...(p.socketOperations ?? []).map((operationId) => ({ provider: p.name, operationId, stream: true, socket: true })),
  ])
}

/** How a simulation's fault rules resolve app and component names: through each provider's {@link ProviderHttp.faultScope}. */
export function faultResolver(sim: Simulation): FaultResolver {
  const scopes = new Map(PROVIDERS.map((p) => [p.name as string, p.faultScope]))
  return {
    appId: (provider, ref) => (sim.isReady ? scopes.get(provider)?.appId(sim, ref) : undefined),
    componentNames: (provider, app, ref) => (sim.isReady ? scopes.get(provider)?.componentNames(sim, app, ref) : undefined) ?? [ref],
  }
}

/**
 * Answers requests for an origin served by `providers` (default: all, sharing one origin);
 * `control` serves `/__paasim/` (default: the control routes when the sim has `control: true`).
 */
export function dispatcher(
  sim: Simulation,
  providers: ProviderHttp[] = PROVIDERS,
  control: ProviderHttp | undefined = sim.control ? controlHttp : undefined,
): (request: SimRequest) => MaybePromise<SimResponse> {
  const owner = ownerOf(providers, control)
  return (request) => handle(sim, owner(request.url), request)
}

/** Answers requests the HTTP parser refused, each in the format of the API that owns its path (as {@link dispatcher} would route it). */
export function refuser(
  sim: Simulation,
  providers: ProviderHttp[] = PROVIDERS,
  control: ProviderHttp | undefined = sim.control ? controlHttp : undefined,
): (request: SimRequest, err: SimError) => SimResponse {
  const owner = ownerOf(providers, control)
  return (request, err) => refuse(sim, owner(request.url), request, err)
}

/** Picks the provider for a URL by its path: the control routes (when served), else the first provider that owns it. */
function ownerOf(providers: ProviderHttp[], control: ProviderHttp | undefined): (url: string) => ProviderHttp {
  return (url) => {
    const start = url.indexOf('/', url.indexOf('//') + 2)
    const end = url.indexOf('?', start)
    const path = start < 0 ? '/' : url.slice(start, end < 0 ? undefined : end)
    if (control && (path === '/__paasim' || path.startsWith('/__paasim/'))) return control
    return providers.length === 1 ? providers[0] : (providers.find((p) => p.owns(path)) ?? providers[providers.length - 1])
  }
}
