/**
 * Fault rules: policy decided in one place and consulted by the pipeline before a resolver runs.
 * `add` validates a rule (a `RangeError` naming the field; the control route answers it as a 400);
 * `decide` picks the first rule that hits a request and draws its effect. Every draw comes from the
 * simulation's seeded source and every window reads its clock, so the same seed and the same
 * requests meet the same faults.
 */
import type { Random } from '../core/random.js'
import { drawLatency, parseLatency, waits, type Latency } from './latency.js'
import { parseStreamFault } from './stream-faults.js'
import { isOpen, LITERAL_RESOLVER, matches, parseMatch, parseWindow, type FaultRequest, type FaultResolver, type RuleMatch, type RuleWindow } from './match.js'
import { CONNECTION_KINDS, STREAM_KINDS, type ConnectionFault, type FaultAction, type FaultKind, type FaultRuleInput, type StreamFault } from './types.js'

export type { FaultAction, FaultKind, FaultRuleInput } from './types.js'
export type { FaultRequest, FaultResolver } from './match.js'

/** A stored rule as `list()` shows it: the input as given, its kind, and its counts. */
export interface FaultRule extends Omit<FaultRuleInput, 'delay' | 'latency'> {
  id: number
  kind: FaultKind
  /** The latency in milliseconds (`delay` is shown as `{ fixed }`), if the rule waits. */
  latency?: Latency
  /** The fixed wait in milliseconds (0 when none or when drawn from a distribution). */
  delayMs: number
  /** Requests the rule hit. */
  hits: number
  /** Matching requests seen in its window (what `after` counts). */
  seen: number
  /** The stream fault of a stream kind, as parsed. */
  stream?: StreamFault
  /** When the rule was added (simulated, ISO-8601): relative `from`/`until` count from here. */
  addedAt: string
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

/** What the rules read from their simulation. */
export interface FaultsContext {
  /** Simulated now (epoch ms). */
  now(): number
  /** Names to ids (default: names compared as written). */
  resolver?: FaultResolver
}

const KINDS: readonly FaultKind[] = ['status', 'latency', ...CONNECTION_KINDS, ...STREAM_KINDS]
const FIELDS = new Set<string>([
  'operationId', 'provider', 'method', 'app', 'component', 'token', 'probability', 'times', 'after', 'from', 'until', 'every', 'for',
  'kind', 'status', 'latency', 'delay', 'headers', 'bytes', 'lines', 'afterTime', 'duration', 'code', 'linesPerSecond', 'bytesPerSecond',
])
const STREAM_FIELDS = ['lines', 'afterTime', 'duration', 'code', 'linesPerSecond', 'bytesPerSecond'] as const
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/
const HEADER_VALUE = /^[\t\x20-\x7e]{0,1024}$/

interface StoredRule {
  id: number
  input: FaultRuleInput
  kind: FaultKind
  match: RuleMatch
  window: RuleWindow
  addedAt: number
  latency?: Latency
  status?: number
  headers?: Record<string, string>
  bytes?: number
  stream?: StreamFault
  /** A stream rule's stream operations among those its glob names (it skips the others). */
  streamOps?: Set<string>
  hits: number
  seen: number
}

function checkHeaders(headers: unknown): Record<string, string> {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) throw new RangeError('fault headers must be an object of header names to string values')
  const entries = Object.entries(headers)
  if (entries.length > 32) throw new RangeError('a fault rule sets at most 32 headers')
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) throw new RangeError(`invalid fault header name ${JSON.stringify(name.slice(0, 64))}`)
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) throw new RangeError(`fault header ${name} must be a printable string of at most 1024 characters`)
  }
  return { ...(headers as Record<string, string>) }
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new RangeError(`fault ${field} must be a whole number (0 or more), got ${JSON.stringify(value)?.slice(0, 30)}`)
  return value
}

/** The kind a rule asks for: as given, else `status` when it has a status, else `latency`. */
function kindOf(input: FaultRuleInput): FaultKind {
  if (input.kind === undefined) return input.status !== undefined ? 'status' : 'latency'
  if (!KINDS.includes(input.kind)) throw new RangeError(`fault kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(input.kind)?.slice(0, 30)}`)
  return input.kind
}

/** The fault rules of one simulation. */
export class Faults {
  #rules: StoredRule[] = []
  #next = 1
  #sockets: Set<string> | undefined

  /** `operations` lists what a rule may match: a rule whose glob matches none of them is refused. */
  constructor(
    private random: Random,
    private readonly operations: () => FaultOperation[] = () => [],
    private readonly context: FaultsContext = { now: () => 0 },
  ) {}

  /** Whether any rule is set (the pipeline skips describing requests when none is). */
  get active(): boolean {
    return this.#rules.length > 0
  }

  /** Validates and adds a rule; returns it with its id (for `remove`). Throws a `RangeError` naming the field at fault. */
  add(input: FaultRuleInput): FaultRule {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new RangeError('a fault rule is an object such as {"operationId": "apps.list", "status": 503}')
    const unknown = Object.keys(input).filter((k) => !FIELDS.has(k))
    if (unknown.length) throw new RangeError(`unknown fault rule field ${JSON.stringify(unknown[0]).slice(0, 60)}; fields: ${[...FIELDS].join(', ')}`)
    const match = parseMatch(input)
    const addedAt = this.context.now()
    const rule: StoredRule = { id: 0, input: { ...input }, kind: kindOf(input), match, window: parseWindow(input, addedAt), addedAt, hits: 0, seen: 0 }
    if (input.probability !== undefined && !(typeof input.probability === 'number' && input.probability >= 0 && input.probability <= 1)) throw new RangeError('fault probability must be between 0 and 1')
    if (input.times !== undefined) count(input.times, 'times')
    if (input.after !== undefined) count(input.after, 'after')
    if (input.latency !== undefined && input.delay !== undefined) throw new RangeError('give fault latency or delay (its older spelling), not both')
    if (input.latency !== undefined) rule.latency = parseLatency(input.latency, 'latency')
    if (input.delay !== undefined) rule.latency = parseLatency(input.delay, 'delay')
    if (input.headers !== undefined) rule.headers = checkHeaders(input.headers)
    this.#effect(rule, input)
    rule.streamOps = this.#checkOperation(input, match, rule.stream)
    rule.id = this.#next++
    this.#rules.push(rule)
    return this.#public(rule)
  }

  /** Validates the fields of the rule's kind, and refuses the fields of other kinds. */
  #effect(rule: StoredRule, input: FaultRuleInput): void {
    const kind = rule.kind
    // stream kinds: their own fields (and a status) are checked by the stream faults' parser
    if ((STREAM_KINDS as readonly string[]).includes(kind)) rule.stream = parseStreamFault(input)
    else {
      const streamField = STREAM_FIELDS.find((f) => input[f] !== undefined)
      if (streamField) throw new RangeError(`fault ${streamField} applies to the stream kinds (${STREAM_KINDS.join(', ')}), not ${kind}`)
    }
    if (input.status !== undefined) {
      if (kind !== 'status') throw new RangeError(`fault status applies to kind status only, not ${kind}`)
      if (!(Number.isInteger(input.status) && input.status >= 400 && input.status <= 599)) throw new RangeError('fault status must be an integer 400-599')
      rule.status = input.status
    }
    if (kind === 'status' && rule.status === undefined) throw new RangeError('a fault rule of kind status needs a status (400-599)')
    if (kind === 'latency' && !(rule.latency && waits(rule.latency))) throw new RangeError('a fault rule needs a status or a delay: give a status (400-599), a latency (or delay) longer than 0, or another kind')
    if (input.bytes !== undefined && kind !== 'truncate') throw new RangeError(`fault bytes applies to kind truncate only, not ${kind}`)
    if (kind === 'truncate') {
      if (input.bytes === undefined) throw new RangeError('a truncate fault needs bytes: how many bytes of the body arrive before the connection is cut')
      rule.bytes = count(input.bytes, 'bytes')
    }
    if (rule.headers && (kind === 'reset' || kind === 'empty' || kind === 'malformed')) throw new RangeError(`fault headers are never seen with kind ${kind}: no response head is written`)
  }

  /**
   * A misspelled operation id would match nothing, silently: it is refused with the ids there are.
   * A WebSocket takes stream faults only; a stream rule must name a stream operation, and returns
   * the ones it names (it skips the others).
   */
  #checkOperation(input: FaultRuleInput, match: RuleMatch, stream: StreamFault | undefined): Set<string> | undefined {
    const known = this.operations().filter((op) => (!input.provider || op.provider === input.provider) && (stream || !op.socket))
    if (known.length && !known.some((op) => match.operation.test(op.operationId))) {
      const ids = [...new Set(known.map((op) => op.operationId))].sort().join(', ')
      throw new RangeError(`fault operationId ${JSON.stringify(input.operationId.slice(0, 100))} matches no operation${input.provider ? ` of ${input.provider}` : ''}; operation ids: ${ids}`)
    }
    if (!stream || !known.length) return undefined
    const streamOps = new Set(known.filter((op) => op.stream && match.operation.test(op.operationId)).map((op) => op.operationId))
    if (streamOps.size === 0) {
      const ids = [...new Set(known.filter((op) => op.stream).map((op) => op.operationId))].sort().join(', ')
      throw new RangeError(`fault kind ${stream.kind} acts on streams, and operationId ${JSON.stringify(input.operationId.slice(0, 100))} matches no stream operation; stream operation ids: ${ids}`)
    }
    return streamOps
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

  /** The rules, in the order they are tried. */
  list(): FaultRule[] {
    return this.#rules.map((r) => this.#public(r))
  }

  /** Reseeds the draws (on reset). */
  reseed(random: Random): void {
    this.random = random
  }

  /**
   * The first rule that hits this request, with its effect drawn. A rule hits a request it matches,
   * inside its window, once `after` matching requests went by, until it hit `times`, with its
   * `probability` (drawn last, so the draws depend only on the requests that got that far).
   */
  decide(request: FaultRequest): FaultAction | undefined {
    if (this.#rules.length === 0) return undefined
    const now = this.context.now()
    const resolver = this.context.resolver ?? LITERAL_RESOLVER
    for (const rule of this.#rules) {
      const input = rule.input
      if (!matches(rule.match, request, resolver)) continue
      // a stream rule acts on streams only; a WebSocket takes stream rules only
      if (rule.streamOps && !rule.streamOps.has(request.operationId)) continue
      if (!rule.stream && (this.#sockets ??= new Set(this.operations().filter((op) => op.socket).map((op) => op.operationId))).has(request.operationId)) continue
      if (!isOpen(rule.window, now, rule.addedAt)) continue
      rule.seen++
      if (input.after !== undefined && rule.seen <= input.after) continue
      if (input.times !== undefined && rule.hits >= input.times) continue
      if (input.probability !== undefined && input.probability < 1 && !(this.random.next() < input.probability)) continue
      rule.hits++
      return {
        rule: rule.id,
        kind: rule.kind,
        delayMs: rule.latency ? drawLatency(rule.latency, this.random) : 0,
        ...(rule.status !== undefined ? { status: rule.status } : {}),
        ...(rule.headers ? { headers: rule.headers } : {}),
        ...(this.#connection(rule) ?? {}),
        ...(rule.stream ? { stream: rule.stream } : {}),
      }
    }
    return undefined
  }

  #connection(rule: StoredRule): { connection: ConnectionFault } | undefined {
    switch (rule.kind) {
      case 'reset':
      case 'empty':
        return { connection: { kind: rule.kind } }
      case 'malformed':
        return { connection: { kind: 'malformed', bytes: notHttp(this.random) } }
      case 'truncate':
        return { connection: { kind: 'truncate', bytes: rule.bytes! } }
      default:
        return undefined
    }
  }

  #public(rule: StoredRule): FaultRule {
    const { delay: _delay, latency: _latency, ...input } = rule.input
    return {
      ...input,
      ...(rule.headers ? { headers: { ...rule.headers } } : {}),
      ...(rule.stream ? { stream: rule.stream } : {}),
      id: rule.id,
      kind: rule.kind,
      ...(rule.latency ? { latency: rule.latency } : {}),
      delayMs: rule.latency && 'fixed' in rule.latency ? rule.latency.fixed : 0,
      hits: rule.hits,
      seen: rule.seen,
      addedAt: new Date(rule.addedAt).toISOString(),
    }
  }
}

/** 24 to 96 seeded bytes that no HTTP client can take for a status line (they never start with `H`). */
function notHttp(random: Random): Uint8Array {
  const bytes = random.bytes(random.int(24, 96))
  if (bytes[0] === 0x48) bytes[0] = 0x00
  return bytes
}
