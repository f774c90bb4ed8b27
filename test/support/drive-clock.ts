/** Driving a manual clock through a fault's latency without waiting on real time. */
import type { Simulation } from '../../src/index.js'

/**
 * Settles `pending` by advancing the manual clock `stepMs` at a time while something waits on it
 * (a fault's latency), and yielding to the event loop otherwise (a request still on its way over
 * loopback, or its answer on its way back). Resolves with the value and the simulated ms it took.
 */
export async function driveClock<T>(sim: Simulation, pending: Promise<T>, stepMs = 10): Promise<{ value: T; elapsedMs: number }> {
  const started = sim.clock.now()
  let settled = false
  const done = pending.finally(() => (settled = true))
  done.catch(() => {})
  for (let turns = 0; !settled; turns++) {
    if (turns > 200_000) throw new Error('driveClock: the request never settled')
    if (sim.clock.pending > 0) sim.clock.advance(stepMs)
    else await new Promise((resolve) => setImmediate(resolve))
  }
  return { value: await done, elapsedMs: sim.clock.now() - started }
}
