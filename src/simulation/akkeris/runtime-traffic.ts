/**
 * What app and site traffic share: the slowly varying load model and the "last n lines" search
 * over per-second generators.
 */
import { hashUnit } from '../../core/random.js'
import { diurnal } from './format.js'

/** Upper bound on router requests generated in one second, whatever the configured traffic. */
export const MAX_REQUESTS_PER_SECOND = 5000
/** Default look-back of `lastRuntimeLines` / `lastSiteLines`: 6 hours. */
export const DEFAULT_LOOKBACK_SEC = 6 * 3600

/** Slowly varying multiplicative noise, memoised per minute/hour/10-minute block. */
export class LoadModel {
  #key: string
  #seed: number
  #minute = NaN
  #minuteNoise = 1
  #hour = NaN
  #hourNoise = 1
  #block = NaN
  #incident = false

  constructor(seed: number, key: string) {
    this.#seed = seed
    this.#key = key
  }

  /** Traffic relative to the daily mean at `sec`. */
  load(sec: number): number {
    const minute = Math.floor(sec / 60)
    if (minute !== this.#minute) {
      this.#minute = minute
      this.#minuteNoise = 0.75 + 0.5 * hashUnit(this.#seed, this.#key, 'minute', minute)
    }
    const hour = Math.floor(sec / 3600)
    if (hour !== this.#hour) {
      this.#hour = hour
      this.#hourNoise = 0.8 + 0.4 * hashUnit(this.#seed, this.#key, 'hour', hour)
    }
    return diurnal(sec) * this.#minuteNoise * this.#hourNoise
  }

  /** True inside a 10-minute window where the app has an elevated error rate (about 3% of windows). */
  incident(sec: number): boolean {
    const block = Math.floor(sec / 600)
    if (block !== this.#block) {
      this.#block = block
      this.#incident = hashUnit(this.#seed, this.#key, 'incident', block) < 0.03
    }
    return this.#incident
  }
}

/** Walks back from `toSec` second by second until `n` lines are found; returns them oldest first. */
export function collectLast(append: (sec: number, out: string[]) => void, toSec: number, n: number, maxLookbackSec: number): string[] {
  const want = Math.max(0, Math.floor(n))
  if (want === 0) return []
  const chunks: string[][] = []
  const scratch: string[] = []
  let count = 0
  const stop = Math.floor(toSec) - Math.max(0, Math.floor(maxLookbackSec))
  for (let sec = Math.floor(toSec) - 1; sec >= stop && count < want; sec--) {
    append(sec, scratch)
    if (scratch.length > 0) {
      chunks.push(scratch.slice())
      count += scratch.length
      scratch.length = 0
    }
  }
  const out: string[] = []
  for (let i = chunks.length - 1; i >= 0; i--) for (const line of chunks[i]) out.push(line)
  return out.length > want ? out.slice(out.length - want) : out
}
