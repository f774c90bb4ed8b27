/**
 * Which requests a fault rule is about, and when: the operation glob, provider, method, app,
 * component and token of a request, and the rule's windows on the simulation clock (`from`/`until`,
 * periodic outages `every` + `for`).
 */
import { parseDuration } from '../core/duration.js'
import { durationField } from './latency.js'
import type { FaultRuleInput } from './types.js'

/** What the pipeline tells the rules about one request (built once per request). */
export interface FaultRequest {
  provider: string
  operationId: string
  /** Upper case, as on the wire (`HEAD` stays `HEAD`). */
  method: string
  /** The app as the request names it (id, Akkeris key, DigitalOcean name), if it names one. */
  app?: string
  /** The component as the request names it (DigitalOcean component, Akkeris dyno type or dyno), if any. */
  component?: string
  /** The token the request authenticated with, if any. */
  token?: string
}

/** How rules see the world: app names to ids, a request's component to the names it goes by. */
export interface FaultResolver {
  /** The canonical id of the app `ref` names (id, key or name) in `provider`'s world; `undefined` when none. */
  appId(provider: string, ref: string): string | undefined
  /** Every name the component a request names goes by (Akkeris `web.abc12`: `web` and `web.abc12`). */
  componentNames(provider: string, app: string | undefined, ref: string): string[]
}

/** A resolver for a world without backends: names are compared as they are written. */
export const LITERAL_RESOLVER: FaultResolver = { appId: () => undefined, componentNames: (_p, _a, ref) => [ref] }

/** The methods a rule may name. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** A rule's compiled match: everything but the operation glob is optional. */
export interface RuleMatch {
  operation: RegExp
  provider?: string
  methods?: string[]
  app?: string
  component?: string
  token?: string
}

/** The regex of an operation glob (`*` is any run of characters). */
export function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value === '' || value.length > max) throw new RangeError(`fault ${field} must be a non-empty string of at most ${max} characters`)
  return value
}

/** Validates and compiles the match fields of `input`. */
export function parseMatch(input: FaultRuleInput): RuleMatch {
  if (typeof input.operationId !== 'string' || input.operationId === '') throw new RangeError('a fault rule needs an operationId (glob)')
  const match: RuleMatch = { operation: globToRegex(text(input.operationId, 'operationId', 200)) }
  if (input.provider !== undefined) {
    if (input.provider !== 'akkeris' && input.provider !== 'digitalocean') throw new RangeError('fault provider must be akkeris or digitalocean')
    match.provider = input.provider
  }
  if (input.method !== undefined) {
    const list = Array.isArray(input.method) ? input.method : [input.method]
    if (list.length === 0) throw new RangeError('fault method must be a method or a non-empty list of methods')
    match.methods = list.map((m) => {
      const upper = typeof m === 'string' ? m.toUpperCase() : ''
      if (!METHODS.includes(upper)) throw new RangeError(`fault method must be one of ${METHODS.join(', ')}, got ${JSON.stringify(m)?.slice(0, 30)}`)
      return upper
    })
  }
  if (input.app !== undefined) match.app = text(input.app, 'app', 200)
  if (input.component !== undefined) match.component = text(input.component, 'component', 200)
  if (input.token !== undefined) match.token = text(input.token, 'token', 1000)
  return match
}

/** Whether `request` is one the rule is about (windows and counts aside). */
export function matches(match: RuleMatch, request: FaultRequest, resolver: FaultResolver): boolean {
  if (match.provider && match.provider !== request.provider) return false
  if (!match.operation.test(request.operationId)) return false
  if (match.methods && !match.methods.includes(request.method)) return false
  if (match.token !== undefined && match.token !== request.token) return false
  if (match.app !== undefined) {
    if (request.app === undefined) return false
    const wanted = resolver.appId(request.provider, match.app) ?? match.app
    const named = resolver.appId(request.provider, request.app) ?? request.app
    if (wanted !== named) return false
  }
  if (match.component !== undefined) {
    if (request.component === undefined) return false
    if (!resolver.componentNames(request.provider, request.app, request.component).includes(match.component)) return false
  }
  return true
}

/** When a rule is active, in simulated epoch milliseconds. */
export interface RuleWindow {
  from?: number
  until?: number
  every?: number
  for?: number
}

/** A `from`/`until`: an ISO time, or a duration after `addedAt`. */
function moment(value: unknown, field: string, addedAt: number): number {
  if (typeof value === 'number' || (typeof value === 'string' && parseDuration(value) !== undefined)) return addedAt + durationField(value as number | string, field)
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(Date.parse(value))) return Date.parse(value)
  throw new RangeError(`fault ${field} must be an ISO time or a duration after the rule is added ("10m"), got ${JSON.stringify(value)?.slice(0, 60)}`)
}

/** Validates the window fields of `input`, taking relative times from `addedAt`. */
export function parseWindow(input: FaultRuleInput, addedAt: number): RuleWindow {
  const window: RuleWindow = {}
  if (input.from !== undefined) window.from = moment(input.from, 'from', addedAt)
  if (input.until !== undefined) window.until = moment(input.until, 'until', addedAt)
  if (window.from !== undefined && window.until !== undefined && window.until <= window.from) throw new RangeError('fault until must come after from')
  if ((input.every === undefined) !== (input.for === undefined)) throw new RangeError('fault every and for go together: an outage of `for` at the start of every `every`')
  if (input.every !== undefined) {
    window.every = durationField(input.every, 'every')
    window.for = durationField(input.for!, 'for')
    if (window.every <= 0 || window.for <= 0) throw new RangeError('fault every and for must be longer than 0')
    if (window.for >= window.every) throw new RangeError(`fault for (${window.for} ms) must be shorter than every (${window.every} ms), or the outage never ends`)
  }
  return window
}

/** Whether the window is open at `now`; periodic outages count from `from`, else from `addedAt`. */
export function isOpen(window: RuleWindow, now: number, addedAt: number): boolean {
  if (window.from !== undefined && now < window.from) return false
  if (window.until !== undefined && now >= window.until) return false
  if (window.every === undefined) return true
  const since = now - (window.from ?? addedAt)
  return since >= 0 && since % window.every < window.for!
}
