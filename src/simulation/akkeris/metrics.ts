/**
 * Akkeris app metrics (`GET /apps/{app}/metrics`) as a pure function of (seed, app, formation,
 * metric, sample time): container memory/cpu/network/fs series per dyno type and router series
 * under `web`. A sample at time t never depends on the window it was asked in.
 *
 * @see ../../../../shared/reference/akkeris.md "Metrics"
 */
import { hash32, hashUnit } from '../../core/random.js'
import { MI, dynoSizeLimits } from './dyno-sizes.js'
import { diurnal } from './format.js'
import { crashSlots, mean, slotUptimes } from './metrics-slots.js'

export { dynoSizeLimits }

/** The ten container metrics, always present (possibly `{}`) under every dyno type. */
export const METRIC_KEYS = [
  'memory_usage_bytes',
  'memory_cache',
  'memory_rss',
  'memory_working_set_bytes',
  'cpu_user_seconds_total',
  'cpu_usage_seconds_total',
  'cpu_system_seconds_total',
  'network_receive_bytes_total',
  'network_transmit_bytes_total',
  'fs_usage_bytes',
] as const

/** Router series, present under `web` only when the app has traffic. */
export const ROUTER_METRIC_KEYS = ['requests', 'response_time', 'router_status_2xx', 'router_status_3xx', 'router_status_4xx', 'router_status_5xx'] as const

/** Most samples returned per series; wider windows keep the latest samples (see `generateMetrics`). */
export const MAX_SAMPLES_PER_SERIES = 11_000

/** One formation of the app. */
export interface MetricsFormation {
  type: string
  quantity: number
  /**
   * Dyno size: a named plan (`scout` 256 MiB/0.25 CPU, `constellation` 512 MiB/0.5, `akira` 1 GiB/1,
   * `galaxy` 2 GiB/2, `gp0`…`gp4` 256 MiB…4 GiB; a `-prod`/`-dev` suffix is ignored) or a memory
   * quantity (`512Mi`, `1Gi`, `768M`, `2G`) with one CPU per GiB. Anything else: 512 MiB/0.5 CPU.
   */
  size: string
}

/** What the series depend on. */
export interface MetricsInput {
  seed: number
  appId: string
  formations: MetricsFormation[]
  /** Epoch ms of restarts (deploys): memory and filesystem usage drop back at each. */
  restarts: number[]
  /** Crashes of single dynos (the `slot`-th of its type): that dyno's share of memory and fs starts over. */
  crashes?: Array<{ type: string; slot: number; at: number }>
  /** Daily-mean router traffic to `web`; 0 means no router series. */
  requestsPerMinute: number
  /** Window in unix seconds, both ends inclusive. */
  fromSec: number
  toSec: number
  /** Sample spacing in seconds (the `resolution`); values below 1 are treated as 1. */
  stepSec: number
}

/** dyno type → metric → unix second (string) → value (decimal string). */
export type AkkerisMetrics = Record<string, Record<string, Record<string, string>>>

/** A uniform number in [0, 1) from a precomputed `hash32` base and an integer (a time or a knot). */
function mixUnit(base: number, n: number): number {
  let h = (base ^ Math.imul(n >>> 0, 0x9e3779b1) ^ Math.floor(n / 4294967296)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

/** Smooth value noise in [0, 1): cosine-interpolated between seeded knots `period` seconds apart. */
function smoothNoise(base: number, t: number, period: number): number {
  const k = Math.floor(t / period)
  const f = (t - k * period) / period
  const a = mixUnit(base, k)
  const b = mixUnit(base, k + 1)
  return a + (b - a) * (0.5 - 0.5 * Math.cos(Math.PI * f))
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000]

/** A decimal string with at most `digits` fraction digits (never exponent notation for these ranges). */
function fixed(value: number, digits: number): string {
  const p = POW10[digits]
  return String(Math.round(value * p) / p)
}

interface TypeModel {
  type: string
  quantity: number
  memory: number
  cpus: number
  key: string
  rss0: number
  growth: number
  tau: number
  cache0: number
  idleCpu: number
  userShare: number
  fs0: number
  fsRate: number
  period: number
  phase: number
  /** Per-sample noise bases, one per quantity that jitters. */
  noise: Record<'cache' | 'idle' | 'jobs' | 'net' | 'requests' | '5xx' | '4xx' | '3xx' | 'latency' | 'drift', number>
}

function typeModel(seed: number, appId: string, f: MetricsFormation): TypeModel {
  const { memoryBytes, cpus } = dynoSizeLimits(f.size)
  const key = `${appId}\u0000${f.type}`
  const u = (name: string): number => hashUnit(seed, key, name)
  return {
    type: f.type,
    quantity: Math.max(0, Math.floor(f.quantity)),
    memory: memoryBytes,
    cpus,
    key,
    rss0: memoryBytes * (0.15 + 0.2 * u('rss0')),
    growth: memoryBytes * (0.08 + 0.22 * u('growth')),
    tau: 3600 * (3 + 15 * u('tau')),
    cache0: memoryBytes * (0.04 + 0.14 * u('cache')),
    idleCpu: cpus * (0.004 + 0.02 * u('idle')),
    userShare: 0.68 + 0.2 * u('user'),
    fs0: (2 + 40 * u('fs0')) * MI,
    fsRate: (0.2 + 4 * u('fsRate')) * MI / 3600,
    period: 86400 * (3 + 4 * u('period')),
    phase: u('phase'),
    noise: {
      cache: hash32(seed, key, 'noise', 'cache'), idle: hash32(seed, key, 'noise', 'idle'), jobs: hash32(seed, key, 'noise', 'jobs'),
      net: hash32(seed, key, 'noise', 'net'), requests: hash32(seed, key, 'noise', 'requests'), '5xx': hash32(seed, key, 'noise', '5xx'),
      '4xx': hash32(seed, key, 'noise', '4xx'), '3xx': hash32(seed, key, 'noise', '3xx'), latency: hash32(seed, key, 'noise', 'latency'),
      drift: hash32(seed, key, 'noise', 'drift'),
    },
  }
}

/** Start of the process running at `t`: the latest restart ≤ t, else a seeded periodic reschedule. */
function processStart(m: TypeModel, restartsSec: number[], t: number): number {
  let latest = -Infinity
  for (const r of restartsSec) if (r <= t && r > latest) latest = r
  if (latest > -Infinity) return latest
  const phase = m.period * m.phase
  return Math.floor((t - phase) / m.period) * m.period + phase
}

/** Aligned sample times within [fromSec, toSec], keeping at most the latest `MAX_SAMPLES_PER_SERIES`. */
export function sampleTimes(fromSec: number, toSec: number, stepSec: number): number[] {
  const step = Math.max(1, Math.floor(stepSec) || 1)
  let first = Math.ceil(fromSec / step) * step
  const last = Math.floor(toSec / step) * step
  if (!(last >= first)) return []
  if ((last - first) / step + 1 > MAX_SAMPLES_PER_SERIES) first = last - (MAX_SAMPLES_PER_SERIES - 1) * step
  const out: number[] = []
  for (let t = first; t <= last; t += step) out.push(t)
  return out
}

/** One dyno type's series as columns: values by series name, in the order of `times`. */
export interface MetricColumns {
  type: string
  /** Container series (all ten, possibly empty), then router series when the type has them. */
  series: Array<[name: string, values: string[]]>
}

/**
 * The metrics of one app as columns: the sample times, and per dyno type each series' values in
 * that order. Memory and fs are per-instance averages; cpu (cores) and network (bytes/s) are
 * rates summed over instances; `requests` and `router_status_*` count the requests in
 * [t, t + step); `response_time` is their mean in ms. Windows wider than
 * `MAX_SAMPLES_PER_SERIES` samples are clamped to the latest ones (callers validate beforehand).
 */
export function metricColumns(input: MetricsInput): { times: number[]; types: MetricColumns[] } {
  const { seed, appId } = input
  const step = Math.max(1, Math.floor(input.stepSec) || 1)
  const times = sampleTimes(input.fromSec, input.toSec, step)
  const restartsSec = input.restarts.filter(Number.isFinite).map((ms) => Math.floor(ms / 1000))
  const rpm = Math.max(0, Number.isFinite(input.requestsPerMinute) ? input.requestsPerMinute : 0)
  const loadBase = hash32(seed, appId, 'load')
  const incidentBase = hash32(seed, appId, 'incident')
  const appLoad = (t: number): number => diurnal(t) * (0.75 + 0.5 * smoothNoise(loadBase, t, 900))

  const merged = new Map<string, MetricsFormation>()
  for (const f of input.formations) {
    const seen = merged.get(f.type)
    merged.set(f.type, seen ? { ...seen, quantity: seen.quantity + f.quantity } : f)
  }

  const types: MetricColumns[] = []
  for (const formation of merged.values()) {
    const m = typeModel(seed, appId, formation)
    const isWeb = m.type === 'web'
    const hasRouter = isWeb && rpm > 0 && m.quantity > 0
    const n = m.quantity === 0 ? 0 : times.length
    const column = () => new Array<string>(n)
    const c = {
      memory_usage_bytes: column(), memory_cache: column(), memory_rss: column(), memory_working_set_bytes: column(),
      cpu_user_seconds_total: column(), cpu_usage_seconds_total: column(), cpu_system_seconds_total: column(),
      network_receive_bytes_total: column(), network_transmit_bytes_total: column(), fs_usage_bytes: column(),
    } satisfies Record<(typeof METRIC_KEYS)[number], string[]>
    const r = {
      requests: column(), response_time: column(), router_status_2xx: column(), router_status_3xx: column(), router_status_4xx: column(), router_status_5xx: column(),
    } satisfies Record<(typeof ROUTER_METRIC_KEYS)[number], string[]>
    const series: MetricColumns['series'] = METRIC_KEYS.map((k) => [k, c[k]])
    if (hasRouter) for (const k of ROUTER_METRIC_KEYS) series.push([k, r[k]])
    types.push({ type: m.type, series })
    if (n === 0) continue
    const costPerRequest = 0.002 + 0.01 * hashUnit(seed, m.key, 'cpuPerRequest')
    const reqBytes = 500 + 1500 * hashUnit(seed, m.key, 'reqBytes')
    const respBytes = 2000 + 18000 * hashUnit(seed, m.key, 'respBytes')
    const baseLatency = 15 + 120 * hashUnit(seed, m.key, 'latency')
    const noise = m.noise
    const slots = crashSlots(input.crashes, m.type)

    for (let i = 0; i < n; i++) {
      const t = times[i]
      const load = appLoad(t)
      const rps = isWeb ? (rpm / 60) * load : 0
      const start = processStart(m, restartsSec, t)
      const uptime = t - start
      const drift = 0.985 + 0.03 * smoothNoise(noise.drift, t, 1800)
      const crashed = slots && slotUptimes(slots, start, t, m.quantity)
      const grown = crashed ? mean(crashed, (u) => 1 - Math.exp(-u / m.tau)) : 1 - Math.exp(-uptime / m.tau)
      const cached = crashed ? mean(crashed, (u) => 1 - Math.exp(-u / 5400)) : 1 - Math.exp(-uptime / 5400)

      const rss = (m.rss0 + m.growth * grown + m.memory * 0.02 * load) * drift
      const cache = m.cache0 * (0.3 + 0.7 * cached) * (0.95 + 0.1 * mixUnit(noise.cache, t))
      const usage = Math.min(m.memory * 0.97, rss + cache + 1.5 * MI)
      const residentRss = Math.min(rss, usage - cache * 0.5)
      const workingSet = Math.min(usage, residentRss + cache * 0.4)
      c.memory_rss[i] = String(Math.round(residentRss))
      c.memory_cache[i] = String(Math.round(usage) - Math.round(residentRss))
      c.memory_usage_bytes[i] = String(Math.round(usage))
      c.memory_working_set_bytes[i] = String(Math.round(workingSet))

      const jobs = isWeb ? 0 : m.cpus * 0.12 * load * (0.6 + 0.8 * mixUnit(noise.jobs, t))
      const cpu = Math.min(m.cpus * m.quantity, m.quantity * m.idleCpu * (0.8 + 0.4 * mixUnit(noise.idle, t)) + rps * costPerRequest + m.quantity * jobs)
      const user = cpu * m.userShare
      c.cpu_usage_seconds_total[i] = fixed(cpu, 6)
      c.cpu_user_seconds_total[i] = fixed(user, 6)
      c.cpu_system_seconds_total[i] = fixed(cpu - user, 6)

      const background = m.quantity * (isWeb ? 1500 : 6000 * load) * (0.8 + 0.4 * mixUnit(noise.net, t))
      c.network_receive_bytes_total[i] = fixed(rps * reqBytes + background, 3)
      c.network_transmit_bytes_total[i] = fixed(rps * respBytes + background * 0.7, 3)

      const fs = crashed ? mean(crashed, (u) => Math.min(2048 * MI, m.fs0 + m.fsRate * u)) : Math.min(2048 * MI, m.fs0 + m.fsRate * uptime)
      c.fs_usage_bytes[i] = String(Math.round(fs / 4096) * 4096)

      if (hasRouter) {
        const incident = mixUnit(incidentBase, Math.floor(t / 600)) < 0.03
        const requests = Math.max(0, Math.round(rps * step * (0.95 + 0.1 * mixUnit(noise.requests, t))))
        const c5 = Math.min(requests, Math.round(requests * (incident ? 0.05 : 0.002) * (0.5 + mixUnit(noise['5xx'], t))))
        const c4 = Math.min(requests - c5, Math.round(requests * 0.035 * (0.6 + 0.8 * mixUnit(noise['4xx'], t))))
        const c3 = Math.min(requests - c5 - c4, Math.round(requests * 0.05 * (0.6 + 0.8 * mixUnit(noise['3xx'], t))))
        r.requests[i] = String(requests)
        r.router_status_2xx[i] = String(requests - c5 - c4 - c3)
        r.router_status_3xx[i] = String(c3)
        r.router_status_4xx[i] = String(c4)
        r.router_status_5xx[i] = String(c5)
        const latency = baseLatency * (0.85 + 0.35 * load) * (0.9 + 0.2 * mixUnit(noise.latency, t)) * (incident ? 2.5 : 1)
        r.response_time[i] = requests > 0 ? fixed(latency, 3) : '0'
      }
    }
  }
  return { times, types }
}

/** Generates the metrics answer for one app as an object (see {@link metricColumns}). */
export function generateMetrics(input: MetricsInput): AkkerisMetrics {
  const { times, types } = metricColumns(input)
  const out: AkkerisMetrics = {}
  for (const { type, series } of types) {
    const byName: Record<string, Record<string, string>> = (out[type] = {})
    for (const [name, values] of series) {
      const samples: Record<string, string> = (byName[name] = {})
      for (let i = 0; i < values.length; i++) samples[times[i]] = values[i]
    }
  }
  return out
}
