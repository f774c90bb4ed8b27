/**
 * Fault rules: policy decided in one place and consulted by the pipeline before a resolver runs.
 * Draws come from the simulation's seeded source, so a seeded run fails the same requests.
 */
import { parseDuration } from '../core/duration.js'
import type { Random } from '../core/random.js'
import { parseStreamFault } from './stream-faults.js'
import type { FaultKind, StreamFault } from './types.js'

/** A rule as the user writes it. */
export interface FaultRuleInput {
  /** Operation id or glob (`apps_get_logs*`, `builds.*`, `*`). */
  operationId: string
  /** Only this provider's operations. */
  provider?: 'akkeris' | 'digitalocean'
  /** Answer with this status in the provider's own error format (e.g. 503, 500, 429). */
  status?: number
  /** Wait this long (`'250ms'`, `'2s'`, or ms) before answering: on the simulation clock when it is manual (`advance` releases it), else real time. */
  delay?: string | number
  /** Extra response headers of the requests the rule hits (e.g. `{ 'retry-after': '5' }`). */
  headers?: Record<string, string>
  /** Chance that a matching request is hit (default 1). */
  probability?: number
  /** Hit at most this many requests, then the rule retires. */
  times?: number
  /** A stream kind (`drop`, `stall`, `throttle`, `expire`) acts on stream responses only; see `FaultRuleInput` in types.ts for its fields. */
  kind?: FaultKind
  lines?: number
  afterTime?: string | number
  duration?: string | number
  code?: number
  linesPerSecond?: number
  bytesPerSecond?: number
}

/** A stored rule. */
export interface FaultRule extends Omit<FaultRuleInput, 'delay'> {
  id: number
  delayMs: number
  hits: number
  /** The stream fault of a stream kind, as parsed. */
  stream?: StreamFault
}

/** What the pipeline must do for one request. */
export interface FaultAction {
  rule: number
  status?: number
  delayMs: number
  headers?: Record<string, string>
  /** What the stream answering this request must do to itself. */
  stream?: StreamFault
}

/** An operation a rule can match. */
export interface FaultOperation {
  provider: string
  operationId: string
  /** Its answer is a stream (stream faults act on these only). */
  stream?: boolean
  /** A WebSocket, opened outside the HTTP pipeline: only stream faults act on it. */
  socket?: boolean
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/
const HEADER_VALUE = /^[\t\x20-\x7e]{0,1024}$/

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

function checkHeaders(headers: unknown): void {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) throw new RangeError('fault headers must be an object of header names to string values')
  const entries = Object.entries(headers)
  if (entries.length > 32) throw new RangeError('a fault rule sets at most 32 headers')
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) throw new RangeError(`invalid fault header name ${JSON.stringify(name.slice(0, 64))}`)
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) throw new RangeError(`fault header ${name} must be a printable string of at most 1024 characters`)
  }
}

/** The fault rules of one simulation. */
export class Faults {
  #rules: Array<FaultRule & { match: RegExp; streamOps?: Set<string> }> = []
  #next = 1
  #sockets: Set<string> | undefined

  /** `operations` lists what a rule may match: a rule whose glob matches none of them is refused. */
  constructor(
    private random: Random,
    private readonly operations: () => FaultOperation[] = () => [],
  ) {}

  /** Adds a rule; returns it with its id (for `remove`). */
  add(input: FaultRuleInput): FaultRule {
    if (!input || typeof input.operationId !== 'string' || input.operationId === '') throw new RangeError('a fault rule needs an operationId (glob)')
    if (input.status !== undefined && !(Number.isInteger(input.status) && input.status >= 400 && input.status <= 599)) throw new RangeError('fault status must be an integer 400-599')
    if (input.probability !== undefined && !(input.probability >= 0 && input.probability <= 1)) throw new RangeError('fault probability must be between 0 and 1')
    const delayMs = input.delay === undefined ? 0 : parseDuration(input.delay)
    if (delayMs === undefined) throw new RangeError(`invalid fault delay: ${String(input.delay)}`)
    const stream = parseStreamFault(input as import('./types.js').FaultRuleInput)
    if (input.status === undefined && delayMs === 0 && !stream) throw new RangeError('a fault rule needs a status or a delay')
    if (input.provider !== undefined && input.provider !== 'akkeris' && input.provider !== 'digitalocean') throw new RangeError('fault provider must be akkeris or digitalocean')
    if (input.times !== undefined && !(Number.isSafeInteger(input.times) && input.times >= 0)) throw new RangeError('fault times must be a whole number')
    if (input.headers !== undefined) checkHeaders(input.headers)
    const match = globToRegex(input.operationId)
    // a WebSocket takes stream faults only: other rules cannot name it
    const known = this.operations().filter((op) => (!input.provider || op.provider === input.provider) && (stream || !op.socket))
    if (known.length && !known.some((op) => match.test(op.operationId))) {
      const ids = [...new Set(known.map((op) => op.operationId))].sort().join(', ')
      throw new RangeError(`fault operationId ${JSON.stringify(input.operationId.slice(0, 100))} matches no operation${input.provider ? ` of ${input.provider}` : ''}; operation ids: ${ids}`)
    }
    // a stream kind hits stream operations only: refused when its glob names none, and skipped by the others
    let streamOps: Set<string> | undefined
    if (stream && known.length) {
      streamOps = new Set(known.filter((op) => op.stream && match.test(op.operationId)).map((op) => op.operationId))
      if (streamOps.size === 0) {
        const ids = [...new Set(known.filter((op) => op.stream).map((op) => op.operationId))].sort().join(', ')
        throw new RangeError(`fault kind ${stream.kind} acts on streams, and operationId ${JSON.stringify(input.operationId.slice(0, 100))} matches no stream operation; stream operation ids: ${ids}`)
      }
    }
    const { delay: _delay, ...rest } = input
    const rule = { ...rest, ...(input.headers ? { headers: { ...input.headers } } : {}), ...(stream ? { stream } : {}), id: this.#next++, delayMs, hits: 0, match, streamOps }
    this.#rules.push(rule)
    return this.#public(rule)
  }

  /** Removes one rule by id; true if it existed. */
  remove(id: number): boolean {
    const before = this.#rules.length
    this.#rules = this.#rules.filter((r) => r.id !== id)
    return this.#rules.length !== before
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = []
  }

  /** The active rules. */
  list(): FaultRule[] {
    return this.#rules.map((r) => this.#public(r))
  }

  /** Reseeds the draws (on reset). */
  reseed(random: Random): void {
    this.random = random
  }

  /** The first matching rule that fires for this operation, if any. */
  decide(provider: string, operationId: string): FaultAction | undefined {
    for (const rule of this.#rules) {
      if (rule.provider && rule.provider !== provider) continue
      if (!rule.match.test(operationId)) continue
      if (rule.streamOps && !rule.streamOps.has(operationId)) continue
      if (!rule.stream && (this.#sockets ??= new Set(this.operations().filter((op) => op.socket).map((op) => op.operationId))).has(operationId)) continue
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      if (rule.probability !== undefined && rule.probability < 1 && !(this.random.next() < rule.probability)) continue
      rule.hits++
      return { rule: rule.id, status: rule.status, delayMs: rule.delayMs, headers: rule.headers, ...(rule.stream ? { stream: rule.stream } : {}) }
    }
    return undefined
  }

  #public(rule: FaultRule & { match: RegExp; streamOps?: Set<string> }): FaultRule {
    const { match: _match, streamOps: _streamOps, ...rest } = rule
    return { ...rest }
  }
}
