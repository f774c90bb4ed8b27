/**
 * Crash loops as closed-form schedules. A crashing instance restarts once per 6-minute block
 * after `since`, at a seeded offset of ±90 s inside it, so consecutive restarts are 3–9 minutes
 * apart and the k-th restart, the count up to any instant and the restart around any instant are
 * all O(1) pure functions. RUN_RESTARTED logs, `restart_count` metrics, memory curves and health
 * read the same schedule, so they always agree.
 */
import { hash32 } from '../../core/random.js'
import { mix32, unit, type Seed } from './shared.js'

/** Identifies one instance's restart schedule. */
export interface RestartParams {
  seed: Seed
  appId: string
  component: string
  /** Instance alias, e.g. `worker-0`. */
  instance: string
  crashing: boolean
  /** When the instance (or the crash loop) started, epoch ms. */
  since: number
}

/** Why a crash-looping instance dies; fixed per instance, as a crash loop usually has one cause. */
export type CrashCause = 'oom' | 'econnrefused' | 'uncaught'

const BLOCK_MS = 6 * 60_000
const JITTER_MS = 90_000

function key(p: RestartParams): number {
  return hash32(p.seed, p.appId, p.component, p.instance, 'restarts')
}

function restartAtK(p: RestartParams, base: number, k: number): number {
  return p.since + k * BLOCK_MS + Math.round((unit(mix32(base, k)) * 2 - 1) * JITTER_MS)
}

/** The k-th restart (k ≥ 1) of a crashing instance, epoch ms. */
export function nthRestartAt(p: RestartParams, k: number): number {
  return restartAtK(p, key(p), k)
}

/** Number of restarts at or before `tMs` (0 when the instance is not crashing). */
export function restartCountUpTo(p: RestartParams, tMs: number): number {
  if (!p.crashing || tMs < p.since) return 0
  const base = key(p)
  // Every k up to `sure` is certainly at or before t; only the next couple need checking.
  const sure = Math.max(0, Math.floor((tMs - p.since - JITTER_MS) / BLOCK_MS))
  let k = sure
  while (restartAtK(p, base, k + 1) <= tMs) k++
  return k
}

/** Restart instants in `[fromMs, toMs)`, ascending. */
export function restartTimes(p: RestartParams, fromMs: number, toMs: number): number[] {
  if (!p.crashing || toMs <= fromMs) return []
  const base = key(p)
  const out: number[] = []
  const first = Math.max(1, Math.floor((fromMs - p.since - JITTER_MS) / BLOCK_MS))
  for (let k = first; ; k++) {
    const at = restartAtK(p, base, k)
    if (at >= toMs) break
    if (at >= fromMs) out.push(at)
  }
  return out
}

/** The last restart at or before `tMs`, if any. */
export function lastRestartAtOrBefore(p: RestartParams, tMs: number): number | undefined {
  const k = restartCountUpTo(p, tMs)
  return k === 0 ? undefined : nthRestartAt(p, k)
}

/** The first restart strictly after `tMs` (undefined when not crashing). */
export function nextRestartAfter(p: RestartParams, tMs: number): number | undefined {
  if (!p.crashing) return undefined
  return nthRestartAt(p, Math.max(restartCountUpTo(p, tMs), 0) + 1)
}

/** How long the container takes to come back after the restart at `restartAtMs` (3–12 s). */
export function bootDelayMs(p: RestartParams, restartAtMs: number): number {
  return 3000 + (hash32(p.seed, p.appId, p.component, p.instance, restartAtMs, 'boot') % 9000)
}

/** True while the instance is down or booting after a restart (not ready for health checks). */
export function isRestarting(p: RestartParams, tMs: number): boolean {
  const last = lastRestartAtOrBefore(p, tMs)
  return last !== undefined && tMs < last + bootDelayMs(p, last)
}

/** The instance's crash cause. */
export function crashCause(p: Pick<RestartParams, 'seed' | 'appId' | 'component' | 'instance'>): CrashCause {
  const u = hash32(p.seed, p.appId, p.component, p.instance, 'cause') % 10
  return u < 5 ? 'oom' : u < 8 ? 'econnrefused' : 'uncaught'
}
