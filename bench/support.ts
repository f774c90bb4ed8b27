/** Small measuring helpers for the benchmarks (wall-clock, measured in the same run as each baseline). */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

/**
 * The built package measured: `dist/` of this checkout, or the folder in `PAASIM_BENCH_DIST`
 * (another build, to measure before and after a change with the same benchmarks).
 */
export const DIST = process.env.PAASIM_BENCH_DIST ? pathToFileURL(process.env.PAASIM_BENCH_DIST.replace(/\/?$/, '/')) : new URL('../dist/', import.meta.url)

/** The package's public API, from {@link DIST}. */
export const paasim: typeof import('../src/index.js') = await import(new URL('src/index.js', DIST).href)

/** The default token's Authorization header. */
export const AUTH = { authorization: `Bearer ${paasim.DEFAULT_TOKEN}` }

/** Runs `fn` repeatedly for about `ms` (after a warm-up) and returns the mean time per call in µs. */
export async function timePerCall(fn: () => Promise<unknown>, ms = 1500): Promise<number> {
  const warmUntil = performance.now() + 300
  while (performance.now() < warmUntil) await fn()
  let calls = 0
  const start = performance.now()
  const end = start + ms
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await fn()
    calls += 50
  }
  return ((performance.now() - start) * 1000) / calls
}

/**
 * Measures two variants in alternating rounds and returns each one's median, and the median of the
 * rounds' ratios (b over a): a round's two runs meet the same machine, so the paired ratio holds
 * better on a busy machine than a ratio of medians taken at different moments.
 */
export async function compare<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>, pick: (x: T) => number): Promise<[number, number, number]> {
  const as: number[] = []
  const bs: number[] = []
  for (let i = 0; i < rounds; i++) {
    as.push(pick(await a()))
    bs.push(pick(await b()))
  }
  return [median(as), median(bs), median(bs.map((b, i) => b / as[i]))]
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]

/** Prints one result row with its ratio and target. */
export function report(name: string, value: number, unit: string, baseline: number | undefined, target: string, ratio?: number): void {
  const r = ratio ?? (baseline ? value / baseline : undefined)
  const parts = [name.padEnd(52), `${value.toFixed(value < 100 ? 2 : 0)} ${unit}`.padStart(18)]
  if (baseline !== undefined) parts.push(`baseline ${baseline.toFixed(baseline < 100 ? 2 : 0)} ${unit}`.padStart(26))
  if (r !== undefined) parts.push(`ratio ${r.toFixed(2)}x`.padStart(13))
  parts.push(`target ${target}`)
  console.log(parts.join('  '))
}
