/**
 * Seeded randomness. Two kinds: a sequential stream (`Random`) for building the world, and
 * stateless keyed draws (`hashUnit`) for values that must be a pure function of their inputs
 * (metric samples, log traffic per second), whatever was asked before.
 */
import { toHex } from './bytes.js'

/** 32-bit FNV-1a over the joined keys, finished with a murmur-style avalanche. */
export function hash32(...keys: Array<string | number>): number {
  let h = 0x811c9dc5
  for (let k = 0; k < keys.length; k++) {
    const s = String(keys[k])
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    h ^= 0x1f // separator so ("ab","c") differs from ("a","bc")
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform number in [0, 1) that depends only on the keys. */
export function hashUnit(...keys: Array<string | number>): number {
  return hash32(...keys) / 4294967296
}

/** A seeded sequential generator (mulberry32) with the helpers the world builders need. */
export class Random {
  #state: number

  constructor(seed: number | string) {
    this.#state = typeof seed === 'number' ? seed >>> 0 : hash32(seed)
  }

  /** A uniform number in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i += 4) {
      const word = Math.floor(this.next() * 4294967296)
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (word >>> (j * 8)) & 0xff
    }
    return out
  }

  /** Lower-case hex of `n` random bytes. */
  hex(n: number): string {
    return toHex(this.bytes(n))
  }

  /** Where the sequence stands: {@link restoreState} with it draws the same values from here on. */
  saveState(): number {
    return this.#state
  }

  /** Goes back to a point saved by {@link saveState}. */
  restoreState(state: number): void {
    this.#state = state >>> 0
  }

  /** A child generator whose sequence depends on this one's seed and the label, not on draw order. */
  fork(label: string): Random {
    return new Random(hash32(this.#state, label))
  }
}
