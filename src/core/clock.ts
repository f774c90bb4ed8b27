/**
 * The simulation clock. Everything time-based (build progress, stream emission, session expiry,
 * metrics windows, rate-limit windows) reads `now()` and waits with `sleepUntil()`, so a manual
 * clock drives the whole world without global fake timers.
 */
import { toMillis } from './duration.js'

/** `manual` moves only when told; `real` follows the wall clock; `scaled` runs `speed` times faster. */
export type ClockMode = 'manual' | 'real' | 'scaled'

export interface ClockOptions {
  /** Defaults to `manual`. */
  mode?: ClockMode
  /** Start time (ISO string, epoch ms or Date). Manual default: `2026-01-01T00:00:00Z`; otherwise the wall clock. */
  now?: string | number | Date
  /** Simulated seconds per real second for `scaled` (default 60). */
  speed?: number
}

interface Waiter {
  at: number
  seq: number
  /** What ends the wait early (it wakes with `false`). */
  signal: AbortSignal | undefined
  wake: (reached: boolean) => void
}

/**
 * Waits a running clock wakes per timer turn. Each woken stream goes on in that turn's microtasks
 * until it asks for a stream turn (and takes one while the server's round has time left), outside
 * the rounds' budget: with 64 a slice, 1,000 Akkeris tails at 60x had a max event-loop delay of
 * 29-55 ms over nine 20 s holds (mean 40), with 32 of 23-40 ms (mean 33), at the same lines a client.
 */
const WAKE_SLICE = 32

/** The fixed start of a manual clock when none is given. */
export const DEFAULT_START = Date.parse('2026-01-01T00:00:00Z')

function toEpoch(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(value)}`)
  return ms
}

/** A controllable clock; one per simulation. */
export class Clock {
  #mode: ClockMode
  #speed: number
  #paused = false
  readonly #initial: { mode: ClockMode; speed: number }
  #base: number // simulated time at the real anchor
  #anchor: number // real time the base was taken at
  #waiters: Waiter[] = []
  #seq = 0
  #isoAt = NaN
  #iso = ''
  /** The signals slept on (see {@link sleepUntil}). */
  #listened = new WeakSet<AbortSignal>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #listeners = new Set<(now: number) => void>()

  constructor(options: ClockOptions = {}) {
    this.#mode = options.mode ?? 'manual'
    if (!['manual', 'real', 'scaled'].includes(this.#mode)) throw new RangeError(`invalid clock mode: ${this.#mode}`)
    this.#speed = this.#mode === 'scaled' ? (options.speed ?? 60) : 1
    if (!(this.#speed > 0)) throw new RangeError(`invalid clock speed: ${options.speed}`)
    this.#initial = { mode: this.#mode, speed: this.#speed }
    this.#anchor = Date.now()
    this.#base = options.now !== undefined ? toEpoch(options.now) : this.mode === 'manual' ? DEFAULT_START : this.#anchor
  }

  /** `manual`, `real` or `scaled` (a real clock given another speed becomes scaled). */
  get mode(): ClockMode {
    return this.#mode
  }

  /** Simulated seconds per real second (1 unless scaled). */
  get speed(): number {
    return this.#speed
  }

  /** Whether a real or scaled clock is paused (a manual clock never runs by itself). */
  get paused(): boolean {
    return this.#paused
  }

  /** Simulated time in epoch milliseconds. */
  now(): number {
    if (this.#mode === 'manual' || this.#paused) return this.#base
    return this.#base + (Date.now() - this.#anchor) * this.#speed
  }

  /** Stops a real or scaled clock where it is (advance and set still move it); no-op on a manual clock. */
  pause(): void {
    if (this.#mode === 'manual' || this.#paused) return
    this.#base = this.now()
    this.#paused = true
    this.#rebase(this.#base)
  }

  /** Lets a paused clock run again from where it stopped. */
  resume(): void {
    if (!this.#paused) return
    this.#paused = false
    this.#rebase(this.#base)
  }

  /** Runs a real or scaled clock at `speed` simulated seconds per real second from now on (a real clock becomes scaled). */
  setSpeed(speed: number): void {
    if (!(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) throw new RangeError(`invalid clock speed: ${String(speed)}`)
    if (this.#mode === 'manual') throw new RangeError('a manual clock moves only when advanced or set; start with the real or scaled clock to give it a speed')
    const now = this.now()
    if (!(this.#mode === 'real' && speed === 1)) this.#mode = 'scaled'
    this.#speed = speed
    this.#rebase(now)
  }

  /** Simulated time as an ISO-8601 string (every request's journal entry asks: the last one is kept). */
  iso(): string {
    const now = this.now()
    if (now !== this.#isoAt) [this.#isoAt, this.#iso] = [now, new Date(now).toISOString()]
    return this.#iso
  }

  /** Moves simulated time forward (`'90s'`, `'1h30m'`, or milliseconds) and wakes what became due. */
  advance(by: string | number): void {
    const ms = toMillis(by)
    this.#rebase(this.now() + ms)
  }

  /** Jumps to an absolute time; it may not move backwards. */
  set(to: string | number | Date): void {
    const target = toEpoch(to)
    if (target < this.now()) throw new RangeError('the clock cannot move backwards; use sim.reset()')
    this.#rebase(target)
  }

  /** Resolves `true` once simulated time reaches `at`, or `false` if the signal aborts first. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false)
    if (at <= this.now()) return Promise.resolve(true)
    if (signal) this.#listen(signal)
    return new Promise((resolve) => this.#insert({ at, seq: this.#seq++, signal, wake: resolve }))
  }

  /**
   * Wakes the waits of `signal` with `false` when it aborts. A stream sleeps many times on one
   * signal: it is listened to once, not once a sleep (an abort listener added and removed each
   * time made garbage that outlived the young generation, a thousand streams ten times a second).
   */
  #listen(signal: AbortSignal): void {
    if (this.#listened.has(signal)) return
    this.#listened.add(signal)
    const aborted = () => {
      const waiters = this.#waiters.filter((w) => w.signal === signal)
      for (const waiter of waiters) this.#remove(waiter)
      for (const waiter of waiters) waiter.wake(false)
    }
    signal.addEventListener('abort', aborted, { once: true })
  }

  /**
   * How far apart (simulated ms, a multiple of `stepMs`) a stream should wake to keep its wakes at
   * least `minRealMs` of real time apart: `stepMs` on a manual or real clock, more on a fast one
   * (a thousand streams each waking every simulated second of a 60x clock is 60,000 wakes and
   * socket writes a second; their lines are the same, in fewer, larger writes).
   */
  wakeStep(stepMs: number, minRealMs = 100): number {
    if (this.mode === 'manual') return stepMs
    return Math.max(1, Math.ceil((minRealMs * this.speed) / stepMs)) * stepMs
  }

  /** Calls `listener` after every advance or set; returns the unsubscribe function. */
  onChange(listener: (now: number) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** How many change listeners are registered (for leak checks). */
  get listeners(): number {
    return this.#listeners.size
  }

  /** How many waits are pending (for leak checks). */
  get pending(): number {
    return this.#waiters.length
  }

  /** Puts the clock at `to`, forwards or back, keeping its mode, speed and pause (the first build moving to a fixture's start). */
  moveTo(to: string | number | Date): void {
    this.#rebase(toEpoch(to))
  }

  /** Puts the clock back at `to` (for `sim.reset()`): pending waits end with `false`. */
  restart(to?: string | number | Date): void {
    this.dispose()
    this.#mode = this.#initial.mode
    this.#speed = this.#initial.speed
    this.#paused = false
    this.#anchor = Date.now()
    this.#base = to !== undefined ? toEpoch(to) : this.mode === 'manual' ? DEFAULT_START : this.#anchor
    for (const listener of this.#listeners) listener(this.#base)
  }

  /** Wakes every pending wait with `false` and stops the real timer. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w.wake(false)
  }

  #rebase(to: number): void {
    this.#anchor = Date.now()
    this.#base = to
    this.#fireDue()
    for (const listener of this.#listeners) listener(to)
  }

  #insert(waiter: Waiter): void {
    // keep sorted by (at, seq); most inserts land near the end
    let i = this.#waiters.length
    while (i > 0 && this.#waiters[i - 1].at > waiter.at) i--
    this.#waiters.splice(i, 0, waiter)
    if (i === 0) this.#schedule()
  }

  #remove(waiter: Waiter): void {
    const i = this.#waiters.indexOf(waiter)
    if (i >= 0) this.#waiters.splice(i, 1)
    if (i === 0) this.#schedule()
  }

  /** Wakes the waits that are due, at most `limit` of them (the rest on the next timer turn). */
  #fireDue(limit = Infinity): void {
    const now = this.now()
    let n = 0
    while (n < this.#waiters.length && n < limit && this.#waiters[n].at <= now) n++
    const due = this.#waiters.splice(0, n)
    for (const w of due) w.wake(true)
    this.#schedule()
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#mode === 'manual' || this.#paused) return
    const first = this.#waiters[0]
    if (!first) return
    const delay = Math.max(0, Math.ceil((first.at - this.now()) / this.#speed))
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      // a running clock wakes its streams in slices, each slice in a timer turn of its own: a
      // thousand streams due at once must not resume in one turn while requests wait
      this.#fireDue(WAKE_SLICE)
    }, Math.min(delay, 2_147_483_647))
    this.#timer.unref?.()
  }
}
