/** What a provider gives the HTTP pipeline: its routes and how it speaks errors and auth. */
import type { SimError } from '../core/errors.js'
import type { Simulation } from '../sim.js'
import type { RequestContext } from './context.js'
import type { SimResponse } from './respond.js'
import type { CompiledRoute } from './route.js'
import type { TokenInfo } from './tokens.js'

/** The HTTP face of one simulated API. */
export interface ProviderHttp {
  name: 'akkeris' | 'digitalocean' | 'control'
  /** Default origin for in-process handlers. */
  defaultOrigin: string
  routes: CompiledRoute[]
  /** Operations served outside the route table (WebSocket upgrades), so fault rules can name them. */
  socketOperations?: readonly string[]
  /** Whether this provider owns a path when several share one origin (the standalone server). */
  owns(pathname: string): boolean
  /** Answer for a path no route matches. */
  notFound(ctx: RequestContext): SimResponse
  /** Checks credentials on the request; throws `unauthorized`/`forbidden`. */
  authenticate(ctx: RequestContext): TokenInfo
  /** Runs after auth and before faults (rate limits); may throw. */
  admit?(ctx: RequestContext): void
  /** Renders a domain error in the API's own wire format. */
  renderError(err: SimError, ctx: RequestContext): SimResponse
  /** A fault's status in the API's own wire format. */
  renderFault(status: number, ctx: RequestContext): SimResponse
  /** Adds constant headers to every response it produced (not to streams). */
  finish(response: SimResponse, ctx: RequestContext): SimResponse
  /** How fault rules see this provider's requests and world (absent: no app or component to match). */
  faultScope?: FaultScope
}

/** What fault rules need to know of a provider: what a request is about, and the names its world knows. */
export interface FaultScope {
  /** The app and component a request names, as written (path, query, or a stream URL's credential). */
  subject(ctx: RequestContext): { app?: string; component?: string }
  /** The id of the app `ref` names (id, Akkeris key, DigitalOcean name); `undefined` when none, never a throw. */
  appId(sim: Simulation, ref: string): string | undefined
  /** Every name the component `ref` of `app` goes by (an Akkeris dyno: its type and its name). */
  componentNames(sim: Simulation, app: string | undefined, ref: string): string[]
}
