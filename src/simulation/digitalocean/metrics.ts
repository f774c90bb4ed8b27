/**
 * App Platform monitoring metrics (`cpu_percentage`, `memory_percentage`, `restart_count`) as
 * Prometheus range-query matrices, and the per-component numbers of the health endpoint.
 * Samples sit on multiples of the step since the epoch and each value depends only on its
 * instant, so overlapping windows agree wherever their samples coincide.
 * @see https://docs.digitalocean.com/reference/api/api-reference/#operation/monitoring_get_appCPUPercentageMetrics
 */
import { cpuPercentAt, instanceRestartParams, memoryPercentAt, runningAt, runsAt, type InstanceRef, type MetricComponent } from './instance-metrics.js'
import { isRestarting, lastRestartAtOrBefore, restartCountUpTo } from './restarts.js'
import type { Seed } from './shared.js'

export type { MetricComponent } from './instance-metrics.js'

/** The three app metrics DigitalOcean's monitoring API serves. */
export type AppMetric = 'cpu_percentage' | 'memory_percentage' | 'restart_count'

/** Inputs of {@link appMetricSeries}. */
export interface AppMetricQuery {
  seed: Seed
  appId: string
  components: MetricComponent[]
  metric: AppMetric
  /** Window start and end, unix seconds (inclusive). */
  startSec: number
  endSec: number
  /** Only this component (the `app_component` query parameter). */
  component?: string
}

/** One series: an instance's labels and its `[unix seconds, "value"]` samples. */
export interface MetricSeries {
  metric: { app_component: string; app_component_instance: string; app_uuid: string }
  values: Array<[number, string]>
}

/** The monitoring API's response body. */
export interface MetricMatrix {
  status: 'success'
  data: { resultType: 'matrix'; result: MetricSeries[] }
}

/** Sample spacing for a window: about 60 points, a multiple of 60 s, at least 60 s. */
export function metricStepSec(startSec: number, endSec: number): number {
  return Math.max(60, Math.round((endSec - startSec) / 60 / 60) * 60)
}

/** The value of a metric for one instance at `tMs`. */
export function metricValueAt(ref: InstanceRef, metric: AppMetric, tMs: number): number {
  if (metric === 'cpu_percentage') return cpuPercentAt(ref, tMs)
  if (metric === 'memory_percentage') return memoryPercentAt(ref, tMs)
  return restartCountUpTo(instanceRestartParams(ref), tMs)
}

function render(metric: AppMetric, v: number): string {
  // Prometheus prints full-precision floats; the real API shows 18 decimals.
  return metric === 'restart_count' ? String(v) : v.toFixed(18)
}

/** A Prometheus-style matrix with one series per instance (instances with no samples are left out). */
export function appMetricSeries(q: AppMetricQuery): MetricMatrix {
  const result: MetricSeries[] = []
  if (q.endSec >= q.startSec) {
    const step = metricStepSec(q.startSec, q.endSec)
    const first = Math.ceil(q.startSec / step) * step
    for (const component of q.components) {
      if (q.component !== undefined && component.name !== q.component) continue
      for (const instance of component.instances) {
        const ref: InstanceRef = { seed: q.seed, appId: q.appId, component, instance }
        const values: Array<[number, string]> = []
        for (let t = first; t <= q.endSec; t += step) {
          if (component.since !== undefined && t * 1000 < component.since) continue
          if (!runsAt(component, instance, t * 1000)) continue
          values.push([t, render(q.metric, metricValueAt(ref, q.metric, t * 1000))])
        }
        if (values.length === 0) continue
        result.push({ metric: { app_component: component.name, app_component_instance: instance, app_uuid: q.appId }, values })
      }
    }
  }
  return { status: 'success', data: { resultType: 'matrix', result } }
}

/** One entry of `app_health.components`. */
export interface ComponentHealth {
  name: string
  cpu_usage_percent: number
  memory_usage_percent: number
  replicas_desired: number
  replicas_ready: number
  state: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY'
}

/** Inputs of {@link componentHealth}. */
export interface ComponentHealthInput {
  seed: Seed
  appId: string
  component: MetricComponent
  atMs: number
}

/** How recently a restart must have happened for a crash-looping component to read UNHEALTHY. */
const UNHEALTHY_AFTER_RESTART_MS = 15 * 60_000

/**
 * Health of a component at `atMs`: mean CPU and memory over its instances (same curves as the
 * metrics), ready replicas (an instance booting after a restart is not ready), and a state that
 * reads UNHEALTHY while a crash loop is restarting instances.
 */
export function componentHealth(input: ComponentHealthInput): ComponentHealth {
  const { component: c, atMs } = input
  const running = runningAt(c, atMs)
  const desired = running.length
  if (desired === 0 || (c.since !== undefined && atMs < c.since)) {
    return { name: c.name, cpu_usage_percent: 0, memory_usage_percent: 0, replicas_desired: desired, replicas_ready: 0, state: 'UNKNOWN' }
  }
  let cpu = 0
  let mem = 0
  let ready = 0
  let recentRestart = false
  for (const instance of running) {
    const ref: InstanceRef = { seed: input.seed, appId: input.appId, component: c, instance }
    cpu += cpuPercentAt(ref, atMs)
    mem += memoryPercentAt(ref, atMs)
    const p = instanceRestartParams(ref)
    if (!isRestarting(p, atMs)) ready++
    const last = lastRestartAtOrBefore(p, atMs)
    if (last !== undefined && atMs - last < UNHEALTHY_AFTER_RESTART_MS) recentRestart = true
  }
  const round = (v: number): number => Math.round((v / desired) * 100) / 100
  return {
    name: c.name,
    cpu_usage_percent: round(cpu),
    memory_usage_percent: round(mem),
    replicas_desired: desired,
    replicas_ready: ready,
    state: ready < desired || recentRestart ? 'UNHEALTHY' : 'HEALTHY',
  }
}
