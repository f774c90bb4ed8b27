/** The vocabulary of conformance plans: request variants, plans, and the ids they are built from. */
import type { DiscoveredApp, Discovery } from './discover.js'
import { queryEnum } from './operations.js'
import type { LoadedSpec, SpecOperation } from './spec.js'

/** One request shape; error cases copy the base and change one thing. */
export interface Variant {
  name: string
  params: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  logs?: { components: string[] }
}

/** The cases of one operation; `base` is a skip reason when the server lacks what it needs. */
export interface Plan {
  base: Variant | string
  success: Variant[]
  notFound: Variant[]
  badRequest: Variant[]
}

/** What a plan is built from. */
export interface PlanContext {
  d: Discovery
  spec: LoadedSpec
  op: SpecOperation
}

/** An id no server holds (a valid UUID, so the 404 is about existence, not syntax). */
export const UNKNOWN_ID = '00000000-0000-4000-8000-00000000dead'

/** Path parameters naming an app (`apps_get` calls it `id`, the rest `app_id`). */
export const appParams = (app: DiscoveredApp): Record<string, string> => ({ id: app.id, app_id: app.id })
/** The component the single-component cases use: a service if there is one. */
export const mainComponent = (app: DiscoveredApp): string => (app.components.find((c) => c.kind === 'service') ?? app.components[0]!).name
/** The base request with an app id no server holds. */
export const unknownApp = (base: Variant): Variant => ({ ...base, name: 'unknown app', params: { ...base.params, id: UNKNOWN_ID, app_id: UNKNOWN_ID } })
/** The log types the spec lists for an operation's `type` parameter (paasim's list if it lists none). */
export function specLogTypes(ctx: PlanContext, fallback: string[]): string[] {
  return queryEnum(ctx.spec, ctx.op, 'type') ?? fallback
}
