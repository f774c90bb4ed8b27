/** What every Akkeris route file shares: the backend of a request and the controller's JSON answer. */
import type { RequestContext } from '../../../http/context.js'
import { bytes } from '../../../http/respond.js'
import type { AkkerisBackend } from '../backend.js'

/** The Akkeris backend of the request's world. */
export const backendOf = (ctx: RequestContext): AkkerisBackend => ctx.sim.backends.akkeris

/** `Content-Type` of every Akkeris JSON answer (no charset, as the controller sends it). */
export const JSON_TYPE = 'application/json'

/** A JSON answer with `Content-Type: application/json` exactly. */
export const json = (body: unknown, init: { status?: number } = {}) => bytes(JSON.stringify(body), JSON_TYPE, init)
