/**
 * Small, allocation-light helpers shared by the Akkeris producers: wire timestamps, line prefixes,
 * hex and UUID rendering, and a tiny keyed generator for the per-second hot path.
 */

/** Two lower-case hex digits for every byte value. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
/** One lower-case hex digit per nibble. */
const HEX1 = '0123456789abcdef'
/** The RFC 4122 variant nibble (binary 10xx). */
const VARIANT = '89ab'
/** "000" … "999", for millisecond fractions. */
export const MS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2024-01-01T00:00:00Z`: the whole UTC second containing `ms`, as the Akkeris log format writes it. */
export function akkerisTimestamp(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000
  return new Date(whole).toISOString().slice(0, 19) + 'Z'
}

/** `<ts> <app> akkeris/build: <text>`: one build-output line as a log session shows it. */
export function formatBuildLine(appKey: string, ms: number, text: string): string {
  return `${akkerisTimestamp(ms)} ${appKey} akkeris/build: ${text}`
}

/** `<ts> <app> akkeris/event: <text>`: one platform event (slug compilation, restarts). */
export function formatEventLine(appKey: string, ms: number, text: string): string {
  return `${akkerisTimestamp(ms)} ${appKey} akkeris/event: ${text}`
}

/** `<ts> <app> app[<type>.<name>]: <text>`: one line a dyno's process wrote. */
export function formatAppLine(appKey: string, ms: number, instance: string, text: string): string {
  return `${akkerisTimestamp(ms)} ${appKey} app[${instance}]: ${text}`
}

/** Eight hex digits of a 32-bit word. */
export function hex8(w: number): string {
  return HEX2[w >>> 24] + HEX2[(w >>> 16) & 255] + HEX2[(w >>> 8) & 255] + HEX2[w & 255]
}

/** A version-4 UUID rendered from four 32-bit words. */
export function uuidFromWords(a: number, b: number, c: number, d: number): string {
  return (
    hex8(a) + '-' + HEX2[b >>> 24] + HEX2[(b >>> 16) & 255] + '-4' + HEX1[(b >>> 8) & 15] + HEX2[b & 255] +
    '-' + VARIANT[c >>> 30] + HEX1[(c >>> 24) & 15] + HEX2[(c >>> 16) & 255] + '-' +
    HEX2[(c >>> 8) & 255] + HEX2[c & 255] + hex8(d)
  )
}

/** One second rendered in the date styles the simulated programs print. */
export interface SecondStamp {
  /** Epoch ms of the start of the second. */
  ms0: number
  /** `2024-01-01T00:00:00Z` (the Akkeris line prefix). */
  ts: string
  /** `2024-01-01T00:00:00` (ISO without zone, for adding fractions). */
  iso: string
  /** `2024/01/01 00:00:00` (Go's log package, nginx error log). */
  slash: string
  /** `2024-01-01 00:00:00` (Python, Rails). */
  space: string
  /** `01/Jan/2024:00:00:00 +0000` (common log format). */
  clf: string
}

/** "00" … "59", for clock fields. */
const TWO: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))

interface DayParts {
  day: number
  y: string
  m: string
  d: string
  mon: string
}

/** The calendar fields of the most recent day asked for: one Date per simulated day, not per second. */
let lastDay: DayParts = { day: NaN, y: '', m: '', d: '', mon: '' }

function dayParts(day: number): DayParts {
  if (lastDay.day === day) return lastDay
  const iso = new Date(day * 86400000).toISOString()
  const m = iso.slice(5, 7)
  lastDay = { day, y: iso.slice(0, iso.indexOf('-', 1)), m, d: iso.slice(8, 10), mon: MONTHS[Number(m) - 1] }
  return lastDay
}

/** Renders the second `sec` (unix seconds) in every style at once. */
export function stampSecond(sec: number): SecondStamp {
  const day = Math.floor(sec / 86400)
  const p = dayParts(day)
  const rest = sec - day * 86400
  const time = TWO[Math.floor(rest / 3600)] + ':' + TWO[Math.floor(rest / 60) % 60] + ':' + TWO[rest % 60]
  const date = p.y + '-' + p.m + '-' + p.d
  const iso = date + 'T' + time
  return {
    ms0: sec * 1000,
    ts: iso + 'Z',
    iso,
    slash: p.y + '/' + p.m + '/' + p.d + ' ' + time,
    space: date + ' ' + time,
    clf: p.d + '/' + p.mon + '/' + p.y + ':' + time + ' +0000',
  }
}

/**
 * A mulberry32 stream seeded from a keyed hash: every draw inside one simulated second comes from
 * here, so the second's content depends only on that hash.
 */
export class KeyedStream {
  s: number

  constructor(seed: number) {
    this.s = seed >>> 0
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** A version-4 UUID. */
  uuid(): string {
    return uuidFromWords(this.u32(), this.u32(), this.u32(), this.u32())
  }
}

/** A Poisson-distributed count with mean `mean`, from the uniform `u` (and `stream` for large means). */
export function poisson(mean: number, u: number, stream: KeyedStream): number {
  if (!(mean > 0)) return 0
  if (mean < 40) {
    let p = Math.exp(-mean)
    let cdf = p
    let k = 0
    while (u > cdf && k < 200) {
      k++
      p *= mean / k
      cdf += p
    }
    return k
  }
  // normal approximation: Box–Muller with `u` and one more draw
  const z = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * stream.next())
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z))
}

/** Load relative to the daily mean (1.0): quiet around 03:00 UTC, busiest around 15:00 UTC. */
export function diurnal(sec: number): number {
  const hour = (((sec % 86400) + 86400) % 86400) / 3600
  return 0.4 + 1.2 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24))
}
