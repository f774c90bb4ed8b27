/**
 * Small helpers shared by the DigitalOcean App Platform producers: RFC 3339 time stamps with
 * nanoseconds, integer mixing for per-second keyed draws, a tiny PRNG for hot loops, the diurnal
 * load curve and Kubernetes-style pod names. Everything here is a pure function of its inputs.
 */
import { hash32 } from '../../core/random.js'

/** The kinds of component a DigitalOcean app spec can hold (functions and databases are out of scope). */
export type ComponentKind = 'service' | 'worker' | 'job' | 'static_site'

/** A seed as the simulation passes it around. */
export type Seed = number | string

/** `YYYY-MM-DDTHH:MM:SS` (UTC) of a whole epoch second. */
export function isoSecond(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19)
}

/** `"000"` … `"999"`: three-digit groups, so hot paths never format large or fractional numbers. */
export const D3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/** Zero-pads a non-negative integer below 1e9 to nine digits. */
export function pad9(n: number): string {
  return D3[(n / 1_000_000) | 0] + D3[((n / 1000) | 0) % 1000] + D3[n % 1000]
}

/** Formats an integer count of thousandths as a decimal with three places (`12345` → `12.345`). */
export function fixed3(thousandths: number): string {
  return `${(thousandths / 1000) | 0}.${D3[thousandths % 1000]}`
}

/** RFC 3339 UTC time with nine fractional digits: `ms` plus `nanosWithinMs` (0–999999). */
export function rfc3339Nano(ms: number, nanosWithinMs = 0): string {
  const whole = Math.floor(ms)
  const sec = Math.floor(whole / 1000)
  return `${isoSecond(sec)}.${pad9((whole - sec * 1000) * 1_000_000 + nanosWithinMs)}Z`
}

/** Mixes two 32-bit integers into a well-spread unsigned 32-bit hash (murmur3 finaliser). */
export function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b | 0, 0x9e3779b1)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Like {@link mix32} for a key that may exceed 32 bits (epoch milliseconds, large counters). */
export function mixWide(a: number, n: number): number {
  const hi = Math.floor(n / 4294967296)
  return mix32(mix32(a, hi), n - hi * 4294967296)
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return h / 4294967296
}

/** A small mulberry32 generator with a public state, cheap enough for per-line draws. */
export class FastRng {
  /** Current state; assign to reseed without allocating. */
  s: number

  constructor(seed: number) {
    this.s = seed >>> 0
  }

  /** A uniform number in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

}

/** Load factor in [0.4, 1] following the UTC time of day, peaking at 15:00 UTC. */
export function diurnal(ms: number): number {
  const hour = (((ms / 3_600_000) % 24) + 24) % 24
  return 0.7 + 0.3 * Math.sin(((hour - 9) / 24) * 2 * Math.PI)
}

/** Smooth value noise in [0, 1) along `x`, with knots at integers, keyed by `key`. */
export function valueNoise(key: number, x: number): number {
  const i = Math.floor(x)
  const f = x - i
  const a = unit(mixWide(key, i))
  const b = unit(mixWide(key, i + 1))
  const s = f * f * (3 - 2 * f)
  return a + (b - a) * s
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789'

/** A Kubernetes-style instance name (`web-7d9f8c6b5b-x2kqp`) for an instance alias such as `web-0`. */
export function podName(seed: Seed, appId: string, component: string, alias: string, deploymentId = ''): string {
  let h = hash32(seed, appId, component, deploymentId, 'replicaset')
  let rs = ''
  for (let i = 0; i < 10; i++) {
    h = mix32(h, i)
    rs += SAFE[h % SAFE.length]
  }
  let p = hash32(seed, appId, component, deploymentId, alias, 'pod')
  let pod = ''
  for (let i = 0; i < 5; i++) {
    p = mix32(p, i)
    pod += SAFE[p % SAFE.length]
  }
  return `${component}-${rs}-${pod}`
}

/** The `message_base` verb phrase App Platform uses for a component kind (`service`, `static site`). */
export function kindLabel(kind: ComponentKind): string {
  return kind === 'static_site' ? 'static site' : kind
}
