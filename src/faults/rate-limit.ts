/**
 * Per-key rate limiting on the simulation clock: an hourly sliding window (each request expires
 * one hour after it was made) plus a per-minute burst limit, as DigitalOcean applies per token.
 */
import type { Clock } from '../core/clock.js'

/** Limits of a {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Requests per sliding hour (default 5000). */
  hourly?: number
  /** Requests per sliding minute (default 250). */
  burst?: number
  /** Refuse nothing and count nothing (load tests); the headers report the hourly limit unused. */
  off?: boolean
}

/** The verdict on one request, with what the response headers report. */
export interface RateLimitDecision {
  allowed: boolean
  limit: number
  remaining: number
  /** Unix seconds at which the oldest counted request expires. */
  reset: number
  /** Seconds to wait, when the burst limit refused the request. */
  retryAfter?: number
}

const HOUR = 3_600_000
const MINUTE = 60_000

/** Sliding-window limiter keyed by token. */
export class RateLimiter {
  hourly: number
  burst: number
  /** Whether limiting is off: nothing refused, no counts kept. */
  off = false
  #hits = new Map<string, number[]>()

  constructor(
    private readonly clock: Clock,
    options: RateLimitOptions = {},
  ) {
    this.hourly = options.hourly ?? 5000
    this.burst = options.burst ?? 250
    this.configure(options)
  }

  /** Changes the limits (counts so far are kept). */
  configure(options: RateLimitOptions): void {
    for (const [name, value] of Object.entries(options)) {
      if (name === 'off') {
        if (value !== undefined && typeof value !== 'boolean') throw new RangeError('rate limit off must be true or false')
      } else if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new RangeError(`rate limit ${name} must be a positive integer`)
    }
    this.hourly = options.hourly ?? this.hourly
    this.burst = options.burst ?? this.burst
    if (options.off !== undefined) this.off = options.off
    if (this.off) this.#hits.clear()
  }

  #window(key: string, now: number): number[] {
    let hits = this.#hits.get(key)
    if (!hits) this.#hits.set(key, (hits = []))
    let drop = 0
    while (drop < hits.length && hits[drop] <= now - HOUR) drop++
    if (drop) hits.splice(0, drop)
    return hits
  }

  /** Counts a request for `key` if it is allowed, and says what to answer. */
  take(key: string): RateLimitDecision {
    if (this.off) return this.peek(key)
    const now = this.clock.now()
    const hits = this.#window(key, now)
    const inMinute = hits.length - lowerBound(hits, now - MINUTE + 1)
    const reset = (oldest: number) => Math.ceil((oldest + HOUR) / 1000)
    if (hits.length >= this.hourly) {
      return { allowed: false, limit: this.hourly, remaining: 0, reset: reset(hits[0]) }
    }
    if (inMinute >= this.burst) {
      const oldestInMinute = hits[hits.length - inMinute]
      const retryAfter = Math.max(1, Math.ceil((oldestInMinute + MINUTE - now) / 1000))
      return { allowed: false, limit: this.hourly, remaining: 0, reset: reset(hits[0]), retryAfter }
    }
    hits.push(now)
    return { allowed: true, limit: this.hourly, remaining: this.hourly - hits.length, reset: reset(hits[0]) }
  }

  /** What the headers would say for `key` without counting a request. */
  peek(key: string): RateLimitDecision {
    const now = this.clock.now()
    if (this.off) return { allowed: true, limit: this.hourly, remaining: this.hourly, reset: Math.ceil(now / 1000) }
    const hits = this.#window(key, now)
    return { allowed: hits.length < this.hourly, limit: this.hourly, remaining: Math.max(0, this.hourly - hits.length), reset: Math.ceil(((hits[0] ?? now) + HOUR) / 1000) }
  }

  /**
   * Fills the hourly window of `key` with requests made a minute ago (outside the burst window),
   * so it stays used up for the next 59 minutes (nothing, while limiting is off): requests spread over the hour would free a slot
   * every second or so, and a test against a server on the real clock would see 200s again.
   */
  exhaust(key: string): void {
    if (this.off) return
    const now = this.clock.now()
    const hits = this.#window(key, now)
    const missing = Math.max(0, this.hourly - hits.length)
    this.#hits.set(key, [...hits, ...Array<number>(missing).fill(now - MINUTE)].sort((a, b) => a - b))
  }

  /** Forgets every count. */
  clear(): void {
    this.#hits.clear()
  }
}

function lowerBound(xs: number[], value: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
