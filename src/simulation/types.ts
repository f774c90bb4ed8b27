/**
 * Shapes shared by the pure, seeded producers in `src/simulation/`. Producers know nothing of
 * HTTP or of `@msw/data`: they take plain values (seed, ids, times in epoch ms) and return plain
 * values, and the same inputs always give the same output.
 */

/** Stacks a simulated app can be built with. */
export type Stack = 'node' | 'python' | 'go' | 'ruby' | 'docker'

/** All stacks, in a stable order. */
export const STACKS: readonly Stack[] = ['node', 'python', 'go', 'ruby', 'docker']

/** A line with the simulated time (epoch ms) at which it appears. */
export interface TimedLine {
  at: number
  text: string
}
