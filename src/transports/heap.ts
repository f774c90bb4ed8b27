/**
 * The standalone server's heap policy: `paasim serve` applies it to its process, and a program that
 * serves with `sim.listen()` may apply it to its own (`useServingHeap` from `paasim/server`).
 *
 * After each full collection V8 lets the old generation grow to about four times what survived
 * before it collects again. A server holding a thousand streams keeps about 40 MB alive and makes
 * garbage that outlives the young generation (lines waiting for a slow client, streams waiting for
 * their turn), so its heap grew to 190 MB, mostly garbage: a peak RSS of 278 MB over a 20 s hold of
 * 1,000 Akkeris tails. Growing by half of what survived keeps the heap near 110 MB (peak RSS
 * 191-216 MB) at the same throughput and server CPU.
 *
 * The young generation is the other half. Node 20's grows to two semi-spaces of 16 MB; V8 13 (Node
 * 24) lets it grow to two of 64 MB, which took the same hold to 282-295 MB. Its limit is fixed at
 * start-up (`--max-semi-space-size`), but its growth is not: once it reaches Node 20's size, it stops
 * growing.
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/** The V8 flag `paasim serve` runs with (Node 20, 22 and 24 know it). */
const SERVING_HEAP_FLAG = '--heap-growing-percent=50'

/** The young generation's size (both semi-spaces) at which it stops growing: Node 20's largest. */
const YOUNG_GENERATION_BYTES = 32 * 1024 * 1024

/** Whether node was started with `flag` (on its command line or in NODE_OPTIONS). */
const startedWith = (flag: string) =>
  [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith(`--${flag}`) || arg.startsWith(`--${flag.replaceAll('-', '_')}`))

/** Whether this process has the policy already. */
let applied = false

/**
 * Applies {@link SERVING_HEAP_FLAG} to this process, and stops the young generation growing past
 * {@link YOUNG_GENERATION_BYTES}, unless node was started with flags of its own for them. A second
 * call does nothing.
 */
export function useServingHeap(): void {
  if (applied) return
  applied = true
  if (!startedWith('heap-growing-percent')) setFlagsFromString(SERVING_HEAP_FLAG)
  if (startedWith('max-semi-space-size') || startedWith('semi-space-growth-factor')) return
  // the young generation grows at a scavenge: after each one, see whether it has reached the size
  const observer = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
    if (!young || young.space_size < YOUNG_GENERATION_BYTES) return
    setFlagsFromString('--semi-space-growth-factor=1')
    observer.disconnect()
  })
  observer.observe({ entryTypes: ['gc'] })
}
