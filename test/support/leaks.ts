/** Leak checks: the process's socket and timer handles, and waiting for the other side of a socket to close. */
import { expect } from 'vitest'

/** Socket and timer handles of this process. */
export const handles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length

/** Waits until `check` holds (the other side of a socket closes a moment later), at most 3 s. */
export async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

/** What a leak check compares against: the clock's pending waits and the process's handles now. */
export interface Baseline {
  pending: number
  handles: number
}

/** The clock's waits and the process's handles before a test's clients come and go. */
export function baseline(sim: { clock: { pending: number } }): Baseline {
  return { pending: sim.clock.pending, handles: handles() }
}

/**
 * Asserts the clock and the process are back to `before`: no clock waits left, and never more
 * handles than before (a handle of the baseline, such as an idle keep-alive socket, may have closed meanwhile).
 */
export async function expectBackTo(sim: { clock: { pending: number } }, before: Baseline): Promise<void> {
  await eventually(() => sim.clock.pending === before.pending && handles() <= before.handles)
  expect(sim.clock.pending).toBe(before.pending)
  expect(handles()).toBeLessThanOrEqual(before.handles)
}
