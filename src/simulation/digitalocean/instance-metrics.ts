/**
 * CPU and memory of one instance as pure functions of time: a seeded base level, the diurnal
 * curve, slow value noise and per-minute jitter; crash-looping instances add a boot spike after
 * each restart and a memory ramp that peaks just before the next one (to the heap limit when the
 * crash cause is OOM). Restarts come from the same schedule as the RUN_RESTARTED logs.
 */
import { hash32 } from '../../core/random.js'
import { crashCause, lastRestartAtOrBefore, nextRestartAfter, type RestartParams } from './restarts.js'
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
  return { seed: ref.seed, appId: ref.appId, component: c.name, instance: ref.instance, crashing: c.crashing === true, since: c.since ?? 0 }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

/** CPU use of the instance at `tMs`, in percent of its allowance. */
export function cpuPercentAt(ref: InstanceRef, tMs: number): number {
  const c = ref.component
  const k = hash32(ref.seed, ref.appId, c.name, ref.instance, 'cpu')
  const kind = c.kind ?? 'service'
  const perInstance = (c.requestsPerMinute ?? 60) / Math.max(1, c.instances.length)
  const floor = kind === 'worker' ? 6 : kind === 'job' ? 1.5 : 3
  const base = floor + 8 * unit(mix32(k, 1)) + Math.min(45, perInstance * 0.02)
  const jitter = unit(mixWide(k ^ 0x2545f491, Math.floor(tMs / 60_000)))
  let cpu = base * diurnal(tMs) * (0.6 + 0.8 * valueNoise(k, tMs / 300_000)) * (0.9 + 0.2 * jitter)
  if (c.crashing) {
    const last = lastRestartAtOrBefore(instanceRestartParams(ref), tMs)
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
  if (!c.crashing) return clamp(base + 6 * (valueNoise(k, tMs / 1_800_000) - 0.5) + 0.6 * jitter, 0.5, 100)
  const p = instanceRestartParams(ref)
  const from = lastRestartAtOrBefore(p, tMs) ?? p.since
  const to = nextRestartAfter(p, tMs) ?? from + 1
  const frac = clamp((tMs - from) / Math.max(1, to - from), 0, 1)
  const peak = crashCause(p) === 'oom' ? 96 + 3.5 * unit(mix32(k, 2)) : base + 15 + 10 * unit(mix32(k, 3))
  const start = base * 0.8
  return clamp(start + (peak - start) * Math.pow(frac, 1.4) + 0.4 * jitter, 0.5, 100)
}
