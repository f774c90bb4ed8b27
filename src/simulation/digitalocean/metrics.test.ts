import { describe, expect, it } from 'vitest'
import { cpuPercentAt, instanceRestartParams, memoryPercentAt, type MetricComponent } from './instance-metrics.js'
import { appMetricSeries, componentHealth, metricStepSec, type AppMetricQuery } from './metrics.js'
import { bootDelayMs, crashCause, restartCountUpTo, restartTimes } from './restarts.js'

const END = Date.parse('2026-03-02T16:00:00Z') / 1000
const SINCE = (END - 3 * 86_400) * 1000
const WEB: MetricComponent = { name: 'web', instances: ['web-0', 'web-1'], kind: 'service', requestsPerMinute: 900, since: SINCE }
const WORKER: MetricComponent = { name: 'worker', instances: ['worker-0'], kind: 'worker', crashing: true, since: SINCE }

function query(over: Partial<AppMetricQuery> = {}): AppMetricQuery {
  return { seed: 9, appId: 'app-uuid', components: [WEB, WORKER], metric: 'cpu_percentage', startSec: END - 3600, endSec: END, ...over }
}

function valuesOf(q: AppMetricQuery, instance: string): Map<number, string> {
  const s = appMetricSeries(q).data.result.find((r) => r.metric.app_component_instance === instance)!
  return new Map(s.values)
}

describe('metricStepSec', () => {
  it('aims for ~60 points on a 60-second grid', () => {
    expect(metricStepSec(0, 60)).toBe(60)
    expect(metricStepSec(0, 3600)).toBe(60)
    expect(metricStepSec(0, 6 * 3600)).toBe(360)
    expect(metricStepSec(0, 86_400)).toBe(1440)
    expect(metricStepSec(0, 7 * 86_400) % 60).toBe(0)
  })
})

describe('appMetricSeries', () => {
  it('returns a Prometheus matrix, one series per instance, labelled like App Platform', () => {
    const m = appMetricSeries(query())
    expect(m.status).toBe('success')
    expect(m.data.resultType).toBe('matrix')
    expect(m.data.result.map((r) => r.metric)).toEqual([
      { app_component: 'web', app_component_instance: 'web-0', app_uuid: 'app-uuid' },
      { app_component: 'web', app_component_instance: 'web-1', app_uuid: 'app-uuid' },
      { app_component: 'worker', app_component_instance: 'worker-0', app_uuid: 'app-uuid' },
    ])
    for (const s of m.data.result) {
      expect(s.values).toHaveLength(61)
      for (const [t, v] of s.values) {
        expect(Number.isInteger(t)).toBe(true)
        expect(t % 60).toBe(0)
        expect(typeof v).toBe('string')
        expect(v).toMatch(/^\d+\.\d{18}$/)
        expect(Number(v)).toBeGreaterThan(0)
        expect(Number(v)).toBeLessThanOrEqual(100)
      }
    }
  })

  it('gives the same value at an instant whatever the window asked', () => {
    for (const metric of ['cpu_percentage', 'memory_percentage', 'restart_count'] as const) {
      const hour = valuesOf(query({ metric, startSec: END - 3600, endSec: END }), 'worker-0')
      const day = valuesOf(query({ metric, startSec: END - 86_400, endSec: END }), 'worker-0')
      const sixHours = valuesOf(query({ metric, startSec: END - 6 * 3600 + 17, endSec: END }), 'worker-0')
      let common = 0
      for (const [t, v] of day) {
        if (hour.has(t)) {
          expect(hour.get(t)).toBe(v)
          common++
        }
        if (sixHours.has(t)) expect(sixHours.get(t)).toBe(v)
      }
      expect(common).toBeGreaterThan(1)
    }
  })

  it('filters by component and leaves out samples before an instance existed', () => {
    const only = appMetricSeries(query({ component: 'worker' })).data.result
    expect(only.map((r) => r.metric.app_component_instance)).toEqual(['worker-0'])
    const fresh = { ...WEB, since: (END - 1800) * 1000 }
    const s = appMetricSeries(query({ components: [fresh] })).data.result[0]
    expect(s.values[0][0]).toBeGreaterThanOrEqual(END - 1800)
    expect(appMetricSeries(query({ components: [{ ...WEB, since: (END + 60) * 1000 }] })).data.result).toEqual([])
    expect(appMetricSeries(query({ component: 'nope' })).data.result).toEqual([])
  })

  it('counts restarts cumulatively, in step with the restart schedule the logs use', () => {
    const m = appMetricSeries(query({ metric: 'restart_count', startSec: END - 86_400 }))
    const web = m.data.result.find((r) => r.metric.app_component === 'web')!
    expect(web.values.every(([, v]) => v === '0')).toBe(true)
    const worker = m.data.result.find((r) => r.metric.app_component === 'worker')!
    const params = instanceRestartParams({ seed: 9, appId: 'app-uuid', component: WORKER, instance: 'worker-0' })
    let prev = 0
    for (const [t, v] of worker.values) {
      const n = Number(v)
      expect(String(n)).toBe(v)
      expect(n).toBe(restartCountUpTo(params, t * 1000))
      expect(n).toBeGreaterThanOrEqual(prev)
      prev = n
    }
    const [first, last] = [worker.values[0], worker.values.at(-1)!]
    expect(Number(last[1]) - Number(first[1])).toBe(restartTimes(params, first[0] * 1000 + 1, last[0] * 1000 + 1).length)
  })

  it('ramps memory up to each restart and drops it after (to the heap limit for OOM crashes)', () => {
    for (let i = 0; i < 12; i++) {
      const c: MetricComponent = { ...WORKER, instances: [`worker-${i}`] }
      const ref = { seed: 9, appId: 'app-uuid', component: c, instance: `worker-${i}` }
      const params = instanceRestartParams(ref)
      const [r1, r2] = restartTimes(params, END * 1000, END * 1000 + 3_600_000)
      const justBefore = memoryPercentAt(ref, r2 - 1000)
      const justAfter = memoryPercentAt(ref, r1 + 1000)
      expect(justBefore - justAfter).toBeGreaterThan(10)
      expect(memoryPercentAt(ref, (r1 + r2) / 2)).toBeLessThan(justBefore)
      if (crashCause(params) === 'oom') expect(justBefore).toBeGreaterThan(94)
      expect(cpuPercentAt(ref, r1 + 5000)).toBeGreaterThan(cpuPercentAt(ref, r2 - 5000))
    }
  })

  it('follows the daily cycle', () => {
    const at = (hourUtc: number): number => {
      let sum = 0
      for (let i = 0; i < 40; i++) {
        const ref = { seed: 9, appId: 'app-uuid', component: { ...WEB, instances: [`web-${i}`] }, instance: `web-${i}` }
        sum += cpuPercentAt(ref, Date.parse(`2026-03-02T${String(hourUtc).padStart(2, '0')}:00:00Z`))
      }
      return sum / 40
    }
    expect(at(15)).toBeGreaterThan(at(3) * 1.5)
  })
})

describe('componentHealth', () => {
  const at = END * 1000

  it('averages the instances’ metrics and reports a healthy service', () => {
    const h = componentHealth({ seed: 9, appId: 'app-uuid', component: WEB, atMs: at })
    const ref = (instance: string) => ({ seed: 9, appId: 'app-uuid', component: WEB, instance })
    const cpu = (cpuPercentAt(ref('web-0'), at) + cpuPercentAt(ref('web-1'), at)) / 2
    expect(h).toEqual({
      name: 'web',
      cpu_usage_percent: Math.round(cpu * 100) / 100,
      memory_usage_percent: h.memory_usage_percent,
      replicas_desired: 2,
      replicas_ready: 2,
      state: 'HEALTHY',
    })
    expect(h.memory_usage_percent).toBeCloseTo((memoryPercentAt(ref('web-0'), at) + memoryPercentAt(ref('web-1'), at)) / 2, 2)
  })

  it('reads UNHEALTHY while crash-looping, with an instance not ready while it boots', () => {
    const params = instanceRestartParams({ seed: 9, appId: 'app-uuid', component: WORKER, instance: 'worker-0' })
    const [r] = restartTimes(params, at, at + 3_600_000)
    const booting = componentHealth({ seed: 9, appId: 'app-uuid', component: WORKER, atMs: r + 1000 })
    expect(booting).toMatchObject({ replicas_desired: 1, replicas_ready: 0, state: 'UNHEALTHY' })
    const up = componentHealth({ seed: 9, appId: 'app-uuid', component: WORKER, atMs: r + bootDelayMs(params, r) })
    expect(up).toMatchObject({ replicas_ready: 1, state: 'UNHEALTHY' })
  })

  it('is UNKNOWN before the component started', () => {
    expect(componentHealth({ seed: 9, appId: 'app-uuid', component: WEB, atMs: SINCE - 1 })).toMatchObject({ state: 'UNKNOWN', replicas_ready: 0 })
  })
})
