/**
 * The engine behind RUN logs. Steady traffic is generated second by second: for each
 * (seed, app, component, instance, second) a keyed generator decides how many lines fall in that
 * second, where (stratified nanosecond offsets, so they come out sorted) and what they say.
 * Scripted lines — startup after `since` and after each restart, crash output before each
 * restart, scheduled job runs — are laid over it, and traffic pauses while an instance is down.
 */
import { hash32 } from '../../core/random.js'
import type { Stack } from '../types.js'
import { crashScript } from './crash-messages.js'
import { runsAt } from './instance-metrics.js'
import { jobScript, startupScript, type ScriptLine } from './lifecycle-messages.js'
import { CRASH_LEAD_MS, bootDelayMs, crashCauseAt, restartTimes, type Crash, type RestartParams } from './restarts.js'
import { instanceInfo, messageMaker, secondStamp, type MessageMaker, type SecondStamp } from './run-messages.js'
import { D3, FastRng, diurnal, isoSecond, mix32, pad9, podName, type ComponentKind, type Seed } from './shared.js'
import type { DoLine } from './format.js'

/** What drives one component's RUN logs. */
export interface RunProfile {
  seed: Seed
  appId: string
  component: string
  /** Instance aliases, e.g. `["web-0", "web-1"]`. */
  instances: string[]
  kind: ComponentKind
  stack: Stack
  /** Requests (services) or jobs (workers) per minute across all instances, before the diurnal curve. */
  requestsPerMinute: number
  /** When the instances started (the deployment went live); nothing is logged before it. */
  since?: number
  /** Crash-looping: instances restart on the {@link restartTimes} schedule (counted from `since`, else from the epoch). */
  crashing?: boolean
  /** The active deployment; only changes the instances' pod names (as a new ReplicaSet would). */
  deploymentId?: string
  /** Restarts forced by incidents, per instance alias, ascending. */
  crashes?: Readonly<Record<string, readonly Crash[]>>
  /** Instances that run only part of the time (autoscaling): when each runs, `[from, until)` epoch ms. */
  windows?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>
}

/** A RUN line with the instance that wrote it. */
export interface RunLine extends DoLine {
  instance: string
}

/** `"000Z "` … `"999Z "`: the last digit group of a timestamp and the separator after it. */
const D3Z = D3.map((d) => `${d}Z `)

export { CRASH_LEAD_MS }
/** Scripted output never runs longer than this (bounds the look-behind for windows). */
const SCRIPT_SPAN_MS = 60_000

interface Inst {
  alias: string
  base: number
  info: ReturnType<typeof instanceInfo>
  restart: RestartParams
}

interface Prepared {
  p: RunProfile
  insts: Inst[]
  rate: number
  maker: MessageMaker
  prefix: string
}

function prepare(p: RunProfile): Prepared {
  const host = `${p.component}-${(hash32(p.seed, p.appId, 'host') % 46656).toString(36)}.ondigitalocean.app`
  const insts = p.instances.map((alias) => {
    const base = hash32(p.seed, p.appId, p.component, alias, 'run')
    const info = instanceInfo(podName(p.seed, p.appId, p.component, alias, p.deploymentId), 1 + (base % 23), host)
    const restart: RestartParams = { seed: p.seed, appId: p.appId, component: p.component, instance: alias, crashing: p.crashing === true, since: p.since ?? 0, crashes: p.crashes?.[alias] }
    return { alias, base, info, restart }
  })
  // with autoscaling windows the load is shared among the instances running each second instead
  const rate = p.instances.length === 0 ? 0 : Math.max(0, p.requestsPerMinute) / 60 / p.instances.length
  return { p, insts, rate, maker: messageMaker(p.kind, p.stack), prefix: `${p.component} ` }
}

function render(out: RunLine[], prep: Prepared, inst: Inst, script: ScriptLine[], startMs: number, key: number, from: number, to: number): void {
  let at = startMs
  script.forEach((line, i) => {
    at += line.dt
    if (at < from || at >= to) return
    const nanos = Math.min(999_999, i * 1000 + (mix32(key, i) % 1000))
    const sec = Math.floor(at / 1000)
    const iso = isoSecond(sec)
    const msg = line.msg(secondStamp(sec, iso), (at - sec * 1000) * 1_000_000 + nanos)
    out.push({ at, nanos, text: `${prep.prefix}${iso}.${pad9((at - sec * 1000) * 1_000_000 + nanos)}Z ${msg}`, instance: inst.alias })
  })
}

function scriptSpan(script: ScriptLine[]): number {
  return script.reduce((a, l) => a + l.dt, 0)
}

/** Scripted lines of one instance in [from, to) and the intervals in which its traffic is paused. */
function scripted(prep: Prepared, inst: Inst, from: number, to: number, out: RunLine[]): Array<[number, number]> {
  const { p } = prep
  const paused: Array<[number, number]> = []
  const startup = startupScript(p.kind, p.stack, inst.info, p.component)
  const bootAt = (t: number): number => t + 300 + (mix32(inst.base, Math.floor(t / 1000)) % 900)
  const windows = p.windows?.[inst.alias]
  if (windows) {
    // an instance the autoscaler adds boots when it starts; one it removes falls silent
    let prev = -Infinity
    for (const [a, b] of windows) {
      const first = Number.isFinite(a) ? bootAt(a) : a
      paused.push([prev, Number.isFinite(a) ? first + scriptSpan(startup) + 1 : a])
      if (Number.isFinite(a) && (p.since === undefined || a > p.since) && first + SCRIPT_SPAN_MS > from && first < to) render(out, prep, inst, startup, first, mix32(inst.base, a % 4294967296), from, to)
      prev = b
    }
    paused.push([prev, Infinity])
  }
  if (p.since !== undefined) {
    const first = bootAt(p.since)
    paused.push([-Infinity, first + scriptSpan(startup) + 1])
    if (first + SCRIPT_SPAN_MS > from && first < to) render(out, prep, inst, startup, first, mix32(inst.base, 1), from, to)
  }
  for (const r of restartTimes(inst.restart, from - SCRIPT_SPAN_MS, to + CRASH_LEAD_MS)) {
    const crash = crashScript(p.stack, crashCauseAt(inst.restart, r), inst.info, p.kind === 'worker' ? 'worker' : 'server')
    const resume = r + bootDelayMs(inst.restart, r)
    paused.push([r - CRASH_LEAD_MS, resume])
    render(out, prep, inst, crash, r - CRASH_LEAD_MS + 200, mix32(inst.base, r % 4294967296), from, to)
    render(out, prep, inst, startup, resume - scriptSpan(startup) - 1, mix32(inst.base, (r + 7) % 4294967296), from, to)
  }
  return paused
}

function byTime(a: DoLine, b: DoLine): number {
  return a.at - b.at || a.nanos - b.nanos
}

function mergeSorted(a: RunLine[], b: RunLine[]): RunLine[] {
  if (b.length === 0) return a
  b.sort(byTime)
  const out: RunLine[] = new Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = byTime(a[i], b[j]) <= 0 ? a[i++] : b[j++]
  while (i < a.length) out[k++] = a[i++]
  while (j < b.length) out[k++] = b[j++]
  return out
}

function jobLines(prep: Prepared, inst: Inst, from: number, to: number, out: RunLine[]): void {
  const { p } = prep
  const period = [10, 15, 30, 60][hash32(p.seed, p.appId, p.component, 'job-period') % 4] * 60_000
  const offset = hash32(p.seed, p.appId, p.component, 'job-offset') % period
  const r = new FastRng(0)
  for (let k = Math.floor((from - offset - SCRIPT_SPAN_MS) / period); k * period + offset < to; k++) {
    const start = k * period + offset
    if (p.since !== undefined && start < p.since) continue
    r.s = mix32(inst.base, k)
    render(out, prep, inst, jobScript(p.stack, p.component, r), start, mix32(inst.base, k ^ 0x55aa), from, to)
  }
}

/**
 * The output of one job invocation that starts at `startMs` and ends at `endMs`, on the job's first
 * instance: the job's script (a migration, a batch), cut at the end; a failed run loses its last
 * (success) line. `key` (the invocation) picks the variant.
 */
export function jobInvocationRunLines(profile: RunProfile, startMs: number, endMs: number, key: number, succeeded: boolean): RunLine[] {
  const prep = prepare(profile)
  const inst = prep.insts[0]
  if (inst === undefined) return []
  const script = jobScript(profile.stack, profile.component, new FastRng(mix32(inst.base, key)))
  const out: RunLine[] = []
  render(out, prep, inst, succeeded ? script : script.slice(0, -1), startMs, mix32(inst.base, key ^ 0x55aa), startMs, endMs)
  return out
}

/**
 * RUN lines of a profile with `fromMs <= at < toMs`, sorted by (`at`, `nanos`).
 * `onlyInstance` restricts output to one instance without changing what it writes.
 */
export function generateRunLines(profile: RunProfile, fromMs: number, toMs: number, onlyInstance?: string): RunLine[] {
  const prep = prepare(profile)
  const insts = onlyInstance === undefined ? prep.insts : prep.insts.filter((i) => i.alias === onlyInstance)
  if (toMs <= fromMs || insts.length === 0 || profile.kind === 'static_site') return []
  const extra: RunLine[] = []
  if (profile.kind === 'job') {
    // A job run happens once, on the component's first instance.
    if (insts[0] === prep.insts[0]) jobLines(prep, insts[0], fromMs, toMs, extra)
    return extra.sort(byTime)
  }
  const paused = insts.map((inst) => scripted(prep, inst, fromMs, toMs, extra))
  const out: RunLine[] = []
  const buf: RunLine[] = []
  const r = new FastRng(0)
  const worker = profile.kind === 'worker'
  const { rate, maker, prefix } = prep
  if (rate === 0) return extra.sort(byTime)
  const last = Math.floor((toMs - 1) / 1000)
  for (let sec = Math.floor(fromMs / 1000); sec <= last; sec++) {
    const secMs = sec * 1000
    // the second's stamps are made once a line needs them: a quiet component skips most seconds
    let st: SecondStamp | undefined
    let head = ''
    const load = (profile.windows ? Math.max(0, profile.requestsPerMinute) / 60 / Math.max(1, prep.p.instances.filter((i) => runsAt(profile, i, secMs)).length) : rate) * diurnal(secMs)
    const target = insts.length > 1 ? buf : out
    for (let n = 0; n < insts.length; n++) {
      const inst = insts[n]
      const gaps = paused[n]
      let partlyPaused = false
      let skip = false
      for (const [a, b] of gaps) {
        if (a <= secMs && b >= secMs + 1000) skip = true
        else if (a < secMs + 1000 && b > secMs) partlyPaused = true
      }
      if (skip) continue
      r.s = mix32(inst.base, sec)
      // Workers drain queues in bursts: some 10-second blocks are idle, others busy.
      const burst = worker ? (mix32(inst.base ^ 0x5bd1e995, Math.floor(sec / 10)) % 10 < 3 ? 0.15 : 1.35) : 1
      const count = Math.floor(load * burst * (0.55 + 0.9 * r.next()) + r.next())
      if (count === 0) continue
      const slot = 1e9 / count
      if (st === undefined) {
        const iso = isoSecond(sec)
        st = secondStamp(sec, iso)
        head = `${prefix}${iso}.`
      }
      for (let j = 0; j < count; j++) {
        const ns = Math.floor(j * slot + r.next() * slot)
        const msg = maker(r, st, ns, inst.info)
        const at = secMs + Math.floor(ns / 1_000_000)
        if (at < fromMs || at >= toMs) continue
        if (partlyPaused && gaps.some(([a, b]) => at >= a && at < b)) continue
        const micro = ((ns / 1000) | 0) % 1000
        target.push({ at, nanos: ns % 1_000_000, text: `${head}${D3[at - secMs]}${D3[micro]}${D3Z[ns % 1000]}${msg}`, instance: inst.alias })
      }
    }
    if (buf.length > 0) {
      buf.sort(byTime)
      for (let i = 0; i < buf.length; i++) out.push(buf[i])
      buf.length = 0
    }
  }
  return mergeSorted(out, extra)
}
