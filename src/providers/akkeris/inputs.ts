/** What callers pass to create Akkeris apps and builds (`sim.akkeris`, fixtures, routes), and the defaults drawn for them. */
import type { Stack } from '../../simulation/types.js'
import type { BuildRecord } from '../../state/akkeris.js'

/** What a caller may say about a new app; the rest is drawn from the seed. */
export interface CreateAppInput {
  name: string
  space?: string
  stack?: Stack
  /** Dyno counts per type, e.g. `{ web: 2, worker: 1 }`. */
  formation?: Record<string, number | { quantity: number; size?: string; command?: string | null }>
  requestsPerMinute?: number
  description?: string
  /** Created this long before now, in ms (default 0: now); its space and formations with it. */
  agoMs?: number
}

/** What a caller may say about a new build. */
export interface CreateBuildInput {
  outcome?: 'succeeded' | 'failed' | 'success' | 'failure'
  sha?: string
  branch?: string
  repo?: string
  version?: string
  checksum?: string
  message?: string
  /** Created this long ago (ms), for seeding history. */
  agoMs?: number
  /** Time spent queued before it runs (ms). */
  queuedMs?: number
}

/** Akkeris app names: letters and digits only. */
export const APP_NAME = /^[A-Za-z0-9]+$/

/** A build outcome in either spelling, as stored. */
export function normaliseOutcome(o: CreateBuildInput['outcome']): BuildRecord['outcome'] | undefined {
  if (o === 'success' || o === 'succeeded') return 'succeeded'
  if (o === 'failure' || o === 'failed') return 'failed'
  return undefined
}

/** The command a non-web dyno type runs by default on a stack. */
export function defaultCommand(stack: Stack, type: string): string {
  const cmd: Record<Stack, string> = { node: 'node', python: 'python', go: './bin', ruby: 'bundle exec ruby', docker: './run' }
  return `${cmd[stack]} ${type}`
}
