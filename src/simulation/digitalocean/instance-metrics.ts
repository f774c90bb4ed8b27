/**
 * CPU and memory of one instance as pure functions of time: a seeded base level, the diurnal
 * curve, slow value noise and per-minute jitter; crash-looping instances add a boot spike after
 * each restart and a memory ramp that peaks just before the next one (to the heap limit when the
 * crash cause is OOM). Restarts come from the same schedule as the RUN_RESTARTED logs.
 */
import { hash32 } from '../../core/random.js'
import { crashCause, crashCauseAt, everRestarts, forcedCrashAt, lastRestartAtOrBefore, nextRestartAfter, type Crash, type RestartParams } from './restarts.js'
import { diurnal, mix32, mixWide, unit, valueNoise, type ComponentKind, type Seed } from './shared.js'

/** A component as the metrics producers see it. */
export interface MetricComponent {
  name: string
  /** Instance aliases, e.g. `["web-0", "web-1"]`. */
  instances: string[]
  crashing?: boolean
  /** When the instances started, epoch ms; no samples before it. */
  since?: number
  kind?: ComponentKind
  /** Load across all instances; raises CPU (default 60). */
  requestsPerMinute?: number
  /** Restarts forced by incidents, per instance alias, ascending. */
  crashes?: Readonly<Record<string, readonly Crash[]>>
  /** Instances that run only part of the time (autoscaling): when each runs, `[from, until)` epoch ms. */
  windows?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>
}

/** Whether the instance runs at `tMs` (always, unless autoscaling gave it {@link MetricComponent.windows}). */
export function runsAt(c: Pick<MetricComponent, 'windows'>, instance: string, tMs: number): boolean {
  const w = c.windows?.[instance]
  return !w || w.some(([a, b]) => a <= tMs && tMs < b)
}

/** The instances running at `tMs`. */
export function runningAt(c: MetricComponent, tMs: number): string[] {
  return c.windows ? c.instances.filter((i) => runsAt(c, i, tMs)) : c.instances
}

/** One instance of one component of one app. */
export interface InstanceRef {
  seed: Seed
  appId: string
  component: MetricComponent
  instance: string
}

/** The restart schedule shared with the logs. */
export function instanceRestartParams(ref: InstanceRef): RestartParams {
  const c = ref.component
  return { seed: ref.seed, appId: ref.appId, component: c.name, instance: ref.instance, crashing: c.crashing === true, since: c.since ?? 0, crashes: c.crashes?.[ref.instance] }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

/** CPU use of the instance at `tMs`, in percent of its allowance. */
export function cpuPercentAt(ref: InstanceRef, tMs: number): number {
  const c = ref.component
  const k = hash32(ref.seed, ref.appId, c.name, ref.instance, 'cpu')
  const kind = c.kind ?? 'service'
  const perInstance = (c.requestsPerMinute ?? 60) / Math.max(1, runningAt(c, tMs).length)
  const floor = kind === 'worker' ? 6 : kind === 'job' ? 1.5 : 3
  const base = floor + 8 * unit(mix32(k, 1)) + Math.min(45, perInstance * 0.02)
  const jitter = unit(mixWide(k ^ 0x2545f491, Math.floor(tMs / 60_000)))
  let cpu = base * diurnal(tMs) * (0.6 + 0.8 * valueNoise(k, tMs / 300_000)) * (0.9 + 0.2 * jitter)
  const p = instanceRestartParams(ref)
  if (everRestarts(p)) {
    const last = lastRestartAtOrBefore(p, tMs)
    if (last !== undefined) cpu += 30 * Math.exp(-(tMs - last) / 45_000)
  }
  return clamp(cpu, 0.05, 100)
}

/** Memory use of the instance at `tMs`, in percent of its limit. */
export function memoryPercentAt(ref: InstanceRef, tMs: number): number {
  const c = ref.component
  const k = hash32(ref.seed, ref.appId, c.name, ref.instance, 'mem')
  const base = (c.kind === 'worker' ? 28 : 22) + 20 * unit(mix32(k, 1))
  const jitter = unit(mixWide(k ^ 0x68e31da4, Math.floor(tMs / 60_000))) - 0.5
  const p = instanceRestartParams(ref)
  if (!c.crashing) {
    const steady = base + 6 * (valueNoise(k, tMs / 1_800_000) - 0.5)
    if (!everRestarts(p)) return clamp(steady + 0.6 * jitter, 0.5, 100)
    return clamp(forcedMemory(p, tMs, steady, k) + 0.6 * jitter, 0.5, 100)
  }
  const from = lastRestartAtOrBefore(p, tMs) ?? p.since
  const to = nextRestartAfter(p, tMs) ?? from + 1
  const frac = clamp((tMs - from) / Math.max(1, to - from), 0, 1)
  const peak = crashCauseAt(p, to) === 'oom' ? 96 + 3.5 * unit(mix32(k, 2)) : base + 15 + 10 * unit(mix32(k, 3))
  const start = base * 0.8
  return clamp(start + (peak - start) * Math.pow(frac, 1.4) + 0.4 * jitter, 0.5, 100)
}

/**
 * Memory of an otherwise steady instance that incidents crash: back to 80 % of its level after
 * each restart, recovering over a few minutes; before an OOM crash it climbs to the limit, from
 * the previous restart or from when the incident was started, whichever is later.
 */
function forcedMemory(p: RestartParams, tMs: number, steady: number, k: number): number {
  const last = lastRestartAtOrBefore(p, tMs)
  let level = steady
  if (last !== undefined) level = steady * (0.8 + 0.2 * (1 - Math.exp(-(tMs - last) / 180_000)))
  const next = nextRestartAfter(p, tMs)
  const crash = next === undefined ? undefined : forcedCrashAt(p, next)
  if (next === undefined || !crash || crash.cause !== 'oom') return level
  const from = Math.max(last ?? -Infinity, crash.startedAt, p.since)
  if (tMs < from) return level
  const frac = clamp((tMs - from) / Math.max(1, next - from), 0, 1)
  const peak = 96 + 3.5 * unit(mix32(k, 2))
  return level + (peak - level) * Math.pow(frac, 1.4)
}
