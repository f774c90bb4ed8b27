/**
 * Fault rules: policy decided in one place and consulted by the pipeline before a resolver runs.
 * Draws come from the simulation's seeded source, so a seeded run fails the same requests.
 */
import { parseDuration } from '../core/duration.js'
import type { Random } from '../core/random.js'

/** A rule as the user writes it. */
export interface FaultRuleInput {
  /** Operation id or glob (`apps_get_logs*`, `builds.*`, `*`). */
  operationId: string
  /** Only this provider's operations. */
  provider?: 'akkeris' | 'digitalocean'
  /** Answer with this status in the provider's own error format (e.g. 503, 500, 429). */
  status?: number
  /** Wait this long (real time: `'250ms'`, `'2s'`, or ms) before answering. */
  delay?: string | number
  /** Chance that a matching request is hit (default 1). */
  probability?: number
  /** Hit at most this many requests, then the rule retires. */
  times?: number
}

/** A stored rule. */
export interface FaultRule extends Omit<FaultRuleInput, 'delay'> {
  id: number
  delayMs: number
  hits: number
}

/** What the pipeline must do for one request. */
export interface FaultAction {
  rule: number
  status?: number
  delayMs: number
}

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

/** The fault rules of one simulation. */
export class Faults {
  #rules: Array<FaultRule & { match: RegExp }> = []
  #next = 1

  constructor(private random: Random) {}

  /** Adds a rule; returns it with its id (for `remove`). */
  add(input: FaultRuleInput): FaultRule {
    if (!input || typeof input.operationId !== 'string' || input.operationId === '') throw new RangeError('a fault rule needs an operationId (glob)')
    if (input.status !== undefined && !(Number.isInteger(input.status) && input.status >= 400 && input.status <= 599)) throw new RangeError('fault status must be an integer 400-599')
    if (input.probability !== undefined && !(input.probability >= 0 && input.probability <= 1)) throw new RangeError('fault probability must be between 0 and 1')
    const delayMs = input.delay === undefined ? 0 : parseDuration(input.delay)
    if (delayMs === undefined) throw new RangeError(`invalid fault delay: ${String(input.delay)}`)
    if (input.status === undefined && delayMs === 0) throw new RangeError('a fault rule needs a status or a delay')
    const { delay: _delay, ...rest } = input
    const rule = { ...rest, id: this.#next++, delayMs, hits: 0, match: globToRegex(input.operationId) }
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
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      if (rule.probability !== undefined && rule.probability < 1 && !(this.random.next() < rule.probability)) continue
      rule.hits++
      return { rule: rule.id, status: rule.status, delayMs: rule.delayMs }
    }
    return undefined
  }

  #public(rule: FaultRule & { match: RegExp }): FaultRule {
    const { match: _match, ...rest } = rule
    return { ...rest }
  }
}
