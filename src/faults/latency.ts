/**
 * Latency distributions of fault rules: fixed, uniform, or log-normal (a median and a spread, with
 * an optional cap). Every draw comes from the simulation's seeded source, so a seeded run waits the
 * same simulated milliseconds on the same requests.
 */
import { parseDuration } from '../core/duration.js'
import type { Random } from '../core/random.js'
import type { DurationInput, LatencyInput } from './types.js'

/** A latency as a rule stores it (milliseconds). */
export type Latency =
  | { fixed: number }
  | { uniform: [number, number] }
  | { median: number; spread: number; max?: number }

/** The longest latency a rule may ask for (a simulated day): a longer one is almost surely a typo. */
const MAX_LATENCY_MS = 86_400_000

/** A duration field of a rule in milliseconds, or a `RangeError` naming the field. */
export function durationField(value: DurationInput, field: string, max = Number.MAX_SAFE_INTEGER): number {
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined
  if (ms === undefined) throw new RangeError(`fault ${field} must be a duration such as "250ms", "2s", "1h30m" or a number of milliseconds, got ${JSON.stringify(value)?.slice(0, 60)}`)
  if (ms > max) throw new RangeError(`fault ${field} must be at most ${max} ms, got ${ms}`)
  return ms
}

/** Parses a rule's `latency` (or `delay`, its older fixed spelling); `field` names it in errors. */
export function parseLatency(input: LatencyInput, field: string): Latency {
  if (typeof input === 'string' || typeof input === 'number') return { fixed: durationField(input, field, MAX_LATENCY_MS) }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new RangeError(`fault ${field} must be a duration, {fixed}, {uniform: [min, max]} or {median, spread, max?}`)
  }
  const keys = Object.keys(input).sort().join(',')
  if (keys === 'fixed') return { fixed: durationField((input as { fixed: DurationInput }).fixed, `${field}.fixed`, MAX_LATENCY_MS) }
  if (keys === 'uniform') {
    const range = (input as { uniform: unknown }).uniform
    if (!Array.isArray(range) || range.length !== 2) throw new RangeError(`fault ${field}.uniform must be [min, max], two durations`)
    const [min, max] = range.map((d, i) => durationField(d as DurationInput, `${field}.uniform[${i}]`, MAX_LATENCY_MS))
    if (max < min) throw new RangeError(`fault ${field}.uniform must be [min, max] with min ≤ max, got [${min}, ${max}] ms`)
    return { uniform: [min, max] }
  }
  if (keys === 'median,spread' || keys === 'max,median,spread') {
    const { median, spread, max } = input as { median: DurationInput; spread: unknown; max?: DurationInput }
    const medianMs = durationField(median, `${field}.median`, MAX_LATENCY_MS)
    if (typeof spread !== 'number' || !Number.isFinite(spread) || spread < 0 || spread > 5) {
      throw new RangeError(`fault ${field}.spread must be a number from 0 to 5 (the σ of the underlying normal; 0.5 is a moderate tail), got ${JSON.stringify(spread)?.slice(0, 30)}`)
    }
    const maxMs = max === undefined ? undefined : durationField(max, `${field}.max`, MAX_LATENCY_MS)
    if (maxMs !== undefined && maxMs < medianMs) throw new RangeError(`fault ${field}.max (${maxMs} ms) must not be below its median (${medianMs} ms)`)
    return maxMs === undefined ? { median: medianMs, spread } : { median: medianMs, spread, max: maxMs }
  }
  throw new RangeError(`fault ${field} takes one of {fixed}, {uniform: [min, max]} or {median, spread, max?}; got the keys ${JSON.stringify(Object.keys(input)).slice(0, 80)}`)
}

/** Whether a latency can wait at all (a fixed 0 never does). */
export function waits(latency: Latency): boolean {
  return 'fixed' in latency ? latency.fixed > 0 : 'uniform' in latency ? latency.uniform[1] > 0 : latency.median > 0
}

/**
 * One draw in whole milliseconds. Log-normal: `median · e^(spread · z)` with `z` a standard normal
 * from two seeded uniforms (Box–Muller), capped at `max`.
 */
export function drawLatency(latency: Latency, random: Random): number {
  if ('fixed' in latency) return latency.fixed
  if ('uniform' in latency) {
    const [min, max] = latency.uniform
    return Math.round(min + random.next() * (max - min))
  }
  const u1 = 1 - random.next() // (0, 1]: the logarithm stays finite
  const u2 = random.next()
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  const ms = Math.round(latency.median * Math.exp(latency.spread * z))
  return latency.max === undefined ? Math.min(ms, MAX_LATENCY_MS) : Math.min(ms, latency.max)
}
