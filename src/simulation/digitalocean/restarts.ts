/**
 * Crash loops as closed-form schedules. A crashing instance restarts once per 6-minute block
 * after `since`, at a seeded offset of ±90 s inside it, so consecutive restarts are 3–9 minutes
 * apart and the k-th restart, the count up to any instant and the restart around any instant are
 * all O(1) pure functions. Incidents add explicit restarts (`crashes`, sorted) on top of the
 * seeded loop. RUN_RESTARTED logs, `restart_count` metrics, memory curves and health read the
 * same schedule, so they always agree.
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
  /** Restarts forced by incidents, ascending by `at`; those before `since` never happened (no instance ran). */
  crashes?: readonly Crash[]
}

/** One restart forced by an incident. */
export interface Crash {
  /** When the container is restarted, epoch ms (its crash output starts {@link CRASH_LEAD_MS} before). */
  at: number
  cause: CrashCause
  /** When the incident was started: a memory ramp before an OOM crash begins no earlier. */
  startedAt: number
}

/** Why a crash-looping instance dies; fixed per instance, as a crash loop usually has one cause. */
export type CrashCause = 'oom' | 'econnrefused' | 'uncaught'

const BLOCK_MS = 6 * 60_000
const JITTER_MS = 90_000

/** Crash output starts this long before the restart; traffic stops with it. */
export const CRASH_LEAD_MS = 1000

function key(p: RestartParams): number {
  return hash32(p.seed, p.appId, p.component, p.instance, 'restarts')
}

function restartAtK(p: RestartParams, base: number, k: number): number {
  return p.since + k * BLOCK_MS + Math.round((unit(mix32(base, k)) * 2 - 1) * JITTER_MS)
}

/** The k-th restart (k ≥ 1) of the seeded loop, epoch ms. */
export function nthRestartAt(p: RestartParams, k: number): number {
  return restartAtK(p, key(p), k)
}

function loopCountUpTo(p: RestartParams, tMs: number): number {
  if (!p.crashing || tMs < p.since) return 0
  const base = key(p)
  // Every k up to `sure` is certainly at or before t; only the next couple need checking.
  const sure = Math.max(0, Math.floor((tMs - p.since - JITTER_MS) / BLOCK_MS))
  let k = sure
  while (restartAtK(p, base, k + 1) <= tMs) k++
  return k
}

/** The incident crashes that happened (at or after `since`). */
function forced(p: RestartParams): readonly Crash[] {
  const all = p.crashes
  if (!all || all.length === 0) return []
  if (all[0].at >= p.since) return all
  return all.filter((c) => c.at >= p.since)
}

/** Index of the first crash with `at > tMs` (crashes ascending). */
function upperBound(crashes: readonly Crash[], tMs: number): number {
  let lo = 0
  let hi = crashes.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (crashes[mid].at <= tMs) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Number of restarts at or before `tMs`: the seeded loop's plus the incidents'. */
export function restartCountUpTo(p: RestartParams, tMs: number): number {
  return loopCountUpTo(p, tMs) + upperBound(forced(p), tMs)
}

/** Restart instants in `[fromMs, toMs)`, ascending. */
export function restartTimes(p: RestartParams, fromMs: number, toMs: number): number[] {
  if (toMs <= fromMs) return []
  const out: number[] = []
  if (p.crashing) {
    const base = key(p)
    const first = Math.max(1, Math.floor((fromMs - p.since - JITTER_MS) / BLOCK_MS))
    for (let k = first; ; k++) {
      const at = restartAtK(p, base, k)
      if (at >= toMs) break
      if (at >= fromMs) out.push(at)
    }
  }
  const crashes = forced(p)
  if (crashes.length === 0) return out
  for (let i = upperBound(crashes, fromMs - 1); i < crashes.length && crashes[i].at < toMs; i++) out.push(crashes[i].at)
  return [...new Set(out)].sort((a, b) => a - b)
}

/** The last restart at or before `tMs`, if any. */
export function lastRestartAtOrBefore(p: RestartParams, tMs: number): number | undefined {
  const k = loopCountUpTo(p, tMs)
  const loop = k === 0 ? undefined : nthRestartAt(p, k)
  const crashes = forced(p)
  const i = upperBound(crashes, tMs)
  const crash = i === 0 ? undefined : crashes[i - 1].at
  return loop === undefined ? crash : crash === undefined ? loop : Math.max(loop, crash)
}

/** The first restart strictly after `tMs`, if any is planned. */
export function nextRestartAfter(p: RestartParams, tMs: number): number | undefined {
  const loop = p.crashing ? nthRestartAt(p, Math.max(loopCountUpTo(p, tMs), 0) + 1) : undefined
  const crashes = forced(p)
  const i = upperBound(crashes, Math.max(tMs, p.since - 1))
  const crash = i < crashes.length ? crashes[i].at : undefined
  return loop === undefined ? crash : crash === undefined ? loop : Math.min(loop, crash)
}

/** The incident crash restarting the instance at exactly `atMs`, if it is one (not the seeded loop). */
export function forcedCrashAt(p: RestartParams, atMs: number): Crash | undefined {
  const crashes = forced(p)
  const i = upperBound(crashes, atMs)
  return i > 0 && crashes[i - 1].at === atMs ? crashes[i - 1] : undefined
}

/** Whether the instance restarts at all (a seeded loop or incident crashes). */
export function everRestarts(p: RestartParams): boolean {
  return p.crashing || forced(p).length > 0
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

/** Why the instance dies at the restart at `atMs`: the incident's cause, else the instance's own. */
export function crashCauseAt(p: RestartParams, atMs: number): CrashCause {
  return forcedCrashAt(p, atMs)?.cause ?? crashCause(p)
}

/** The instance's crash cause. */
export function crashCause(p: Pick<RestartParams, 'seed' | 'appId' | 'component' | 'instance'>): CrashCause {
  const u = hash32(p.seed, p.appId, p.component, p.instance, 'cause') % 10
  return u < 5 ? 'oom' : u < 8 ? 'econnrefused' : 'uncaught'
}
