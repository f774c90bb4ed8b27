/**
 * The standalone server's heap policy. After each full collection V8 lets the old generation grow
 * to about four times what survived before it collects again. A server holding a thousand streams
 * keeps about 40 MB alive and makes garbage that outlives the young generation (lines waiting for
 * a slow client, streams waiting for their turn), so its heap grew to 190 MB, mostly garbage: a
 * peak RSS of 278 MB over a 20 s hold of 1,000 Akkeris tails. Growing by half of what survived
 * keeps the heap near 110 MB (peak RSS 191-216 MB) at the same throughput and server CPU.
 */
import { setFlagsFromString } from 'node:v8'

/** The V8 flag `paasim serve` runs with (Node 20, 22 and 24 know it). */
export const SERVING_HEAP_FLAG = '--heap-growing-percent=50'

/** Applies {@link SERVING_HEAP_FLAG} to this process, unless node was started with a heap growth of its own. */
export function useServingHeap(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return
  setFlagsFromString(SERVING_HEAP_FLAG)
}
