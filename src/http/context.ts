/** What a resolver gets: the request, its params, the public origin and the simulation. */
import type { Simulation } from '../sim.js'
import type { SimRequest } from './sim-request.js'
import type { TokenInfo } from './tokens.js'

/** Per-request context handed to resolvers. */
export interface RequestContext {
  request: SimRequest
  url: URL
  params: Record<string, string>
  /** Origin the client used (`https://apps.akkeris.io`, `http://127.0.0.1:4010`): absolute URLs point here. */
  origin: string
  signal: AbortSignal
  sim: Simulation
  operationId: string
  token: TokenInfo | undefined
  /** Response headers the pipeline adds (rate-limit headers, request ids). */
  headers: Map<string, string>
  /** Request id for this request (DigitalOcean echoes it). */
  requestId: string
  /** Parses the JSON body; malformed → `malformed_json`, oversized → `payload_too_large`. */
  readJson(): Promise<unknown>
}
