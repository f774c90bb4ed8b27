/**
 * How long one component's build job runs. Shared by the deployment timeline (which sizes the
 * `build › components › <name>` step) and the build log (which spreads its lines over the same
 * window), so the two always agree.
 */
import { hashUnit } from '../../core/random.js'
import type { Stack } from '../types.js'
import type { ComponentKind, Seed } from './shared.js'

/** Which component build to size. */
export interface BuildDurationInput {
  seed: Seed
  deploymentId: string
  component: string
  stack: Stack
  kind?: ComponentKind
}

// Seconds [min, max] for a successful build; Go compiles quickly, Ruby and Docker builds are slow.
const RANGE: Record<Stack, [number, number]> = {
  node: [70, 185],
  python: [60, 170],
  go: [60, 140],
  ruby: [90, 225],
  docker: [80, 230],
}

/** Build job duration in ms: 1–4 minutes when it succeeds, a seeded 35–80 % of that when it fails. */
export function buildDurationMs(input: BuildDurationInput, outcome: 'success' | 'failure'): number {
  const { seed, deploymentId, component, stack, kind } = input
  const [min, max] = kind === 'static_site' ? [60, 130] : RANGE[stack]
  const full = Math.round((min + (max - min) * hashUnit(seed, deploymentId, component, 'build-ms')) * 1000)
  if (outcome === 'success') return full
  return Math.round(full * (0.35 + 0.45 * hashUnit(seed, deploymentId, component, 'fail-at')))
}
