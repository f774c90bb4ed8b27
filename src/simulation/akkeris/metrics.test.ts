import { describe, expect, it } from 'vitest'
import { MAX_SAMPLES_PER_SERIES, METRIC_KEYS, ROUTER_METRIC_KEYS, dynoSizeLimits, generateMetrics, sampleTimes, type MetricsInput } from './metrics.js'

const DAY = 86400
const to = Date.parse('2026-01-02T00:00:00Z') / 1000
const base: MetricsInput = {
  seed: 7,
  appId: '5f0c7d2e-8a1b-4c3d-9e6f-0a1b2c3d4e5f',
  formations: [
    { type: 'web', quantity: 2, size: 'gp2' },
    { type: 'worker', quantity: 1, size: 'constellation' },
  ],
  restarts: [],
  requestsPerMinute: 600,
  fromSec: to - DAY,
  toSec: to,
  stepSec: 600,
}

const num = (series: Record<string, string>, t: number): number => Number(series[String(t)])

describe('generateMetrics', () => {
  it('keys by dyno type, with all ten container metrics and router metrics only under web', () => {
    const m = generateMetrics(base)
    expect(Object.keys(m).sort()).toEqual(['web', 'worker'])
    expect(Object.keys(m.web).sort()).toEqual([...METRIC_KEYS, ...ROUTER_METRIC_KEYS].sort())
    expect(Object.keys(m.worker).sort()).toEqual([...METRIC_KEYS].sort())
  })

  it('omits router metrics without traffic and keeps empty series when there are no samples', () => {
    expect(Object.keys(generateMetrics({ ...base, requestsPerMinute: 0 }).web).sort()).toEqual([...METRIC_KEYS].sort())
    const empty = generateMetrics({ ...base, fromSec: to + 10, toSec: to + 20 })
    for (const type of ['web', 'worker']) for (const k of METRIC_KEYS) expect(empty[type][k]).toEqual({})
    const idle = generateMetrics({ ...base, formations: [{ type: 'worker', quantity: 0, size: 'scout' }] })
    for (const k of METRIC_KEYS) expect(idle.worker[k]).toEqual({})
  })

  it('uses unix-second string keys aligned to the step, inclusive of both ends, and decimal string values', () => {
    const m = generateMetrics({ ...base, fromSec: to - 3599, toSec: to, stepSec: 600 })
    const keys = Object.keys(m.web.memory_usage_bytes)
    expect(keys).toEqual([to - 3000, to - 2400, to - 1800, to - 1200, to - 600, to].map(String))
    for (const type of Object.values(m)) {
      for (const series of Object.values(type)) {
        for (const v of Object.values(series)) {
          expect(typeof v).toBe('string')
          expect(v).toMatch(/^\d+(\.\d+)?$/)
        }
      }
    }
  })

  it('is pure: a sample does not depend on the window it was asked in', () => {
    const a = generateMetrics({ ...base, fromSec: to - DAY, toSec: to - DAY / 4 })
    const b = generateMetrics({ ...base, fromSec: to - DAY / 2, toSec: to })
    const t = to - DAY / 2 + 3000
    for (const type of ['web', 'worker']) {
      for (const k of Object.keys(a[type])) expect(a[type][k][String(t)], `${type}.${k}`).toBe(b[type][k][String(t)])
    }
    expect(generateMetrics(base)).toEqual(generateMetrics({ ...base }))
  })

  it('drops memory and filesystem usage at a restart and grows them afterwards', () => {
    const restart = to - 12 * 3600
    for (let seed = 0; seed < 20; seed++) {
      const m = generateMetrics({ ...base, seed, restarts: [(restart - 3 * DAY) * 1000, restart * 1000], stepSec: 60, fromSec: restart - 600, toSec: to })
      for (const type of ['web', 'worker']) {
        const rss = m[type].memory_rss
        const fs = m[type].fs_usage_bytes
        expect(num(rss, restart - 60)).toBeGreaterThan(num(rss, restart) * 1.15)
        expect(num(fs, restart - 60)).toBeGreaterThan(num(fs, restart))
        expect(num(fs, to)).toBeGreaterThan(num(fs, restart))
        expect(num(rss, to)).toBeGreaterThan(num(rss, restart))
      }
    }
  })

  it('keeps memory within the dyno limit and orders rss ≤ working set ≤ usage', () => {
    const m = generateMetrics({ ...base, stepSec: 300, fromSec: to - 7 * DAY })
    const limits = { web: dynoSizeLimits('gp2').memoryBytes, worker: dynoSizeLimits('constellation').memoryBytes }
    for (const type of ['web', 'worker'] as const) {
      for (const t of Object.keys(m[type].memory_usage_bytes).map(Number)) {
        const usage = num(m[type].memory_usage_bytes, t)
        expect(usage).toBeLessThanOrEqual(limits[type])
        expect(num(m[type].memory_rss, t)).toBeLessThanOrEqual(num(m[type].memory_working_set_bytes, t))
        expect(num(m[type].memory_working_set_bytes, t)).toBeLessThanOrEqual(usage)
        expect(num(m[type].memory_rss, t) + num(m[type].memory_cache, t)).toBe(usage)
        expect(num(m[type].cpu_user_seconds_total, t) + num(m[type].cpu_system_seconds_total, t)).toBeCloseTo(num(m[type].cpu_usage_seconds_total, t), 5)
      }
    }
  })

  it('follows the daily curve and splits requests exactly into status classes', () => {
    const m = generateMetrics({ ...base, stepSec: 3600 })
    const day = Math.floor(to / DAY) * DAY - DAY
    expect(num(m.web.requests, day + 15 * 3600)).toBeGreaterThan(num(m.web.requests, day + 3 * 3600))
    expect(num(m.web.cpu_usage_seconds_total, day + 15 * 3600)).toBeGreaterThan(num(m.web.cpu_usage_seconds_total, day + 3 * 3600))
    for (const t of Object.keys(m.web.requests)) {
      const parts = ['2xx', '3xx', '4xx', '5xx'].map((c) => Number(m.web[`router_status_${c}`][t]))
      expect(parts.reduce((a, b) => a + b)).toBe(Number(m.web.requests[t]))
      expect(parts[0]).toBeGreaterThan(parts[3])
    }
  })

  it('sums cpu and network over instances and scales cpu with size', () => {
    const one = generateMetrics({ ...base, formations: [{ type: 'worker', quantity: 1, size: 'gp1' }] })
    const four = generateMetrics({ ...base, formations: [{ type: 'worker', quantity: 4, size: 'gp1' }] })
    const big = generateMetrics({ ...base, formations: [{ type: 'worker', quantity: 1, size: 'gp3' }] })
    const t = String(to)
    expect(Number(four.worker.cpu_usage_seconds_total[t])).toBeGreaterThan(Number(one.worker.cpu_usage_seconds_total[t]) * 2)
    expect(Number(four.worker.network_receive_bytes_total[t])).toBeGreaterThan(Number(one.worker.network_receive_bytes_total[t]) * 2)
    expect(Number(big.worker.cpu_usage_seconds_total[t])).toBeGreaterThan(Number(one.worker.cpu_usage_seconds_total[t]))
    expect(four.worker.memory_usage_bytes[t]).toBe(one.worker.memory_usage_bytes[t]) // averages do not scale with quantity
  })

  it('clamps a series to the latest MAX_SAMPLES_PER_SERIES samples', () => {
    const m = generateMetrics({ ...base, fromSec: to - 30 * DAY, stepSec: 60 })
    const keys = Object.keys(m.web.memory_usage_bytes)
    expect(keys).toHaveLength(MAX_SAMPLES_PER_SERIES)
    expect(keys[keys.length - 1]).toBe(String(to))
    expect(sampleTimes(to - 10, to, 0)).toHaveLength(11) // a step below 1 s is treated as 1 s
  })
})

describe('dynoSizeLimits', () => {
  it('knows the named plans, memory quantities and a default', () => {
    expect(dynoSizeLimits('scout')).toEqual({ memoryBytes: 256 * 1024 * 1024, cpus: 0.25 })
    expect(dynoSizeLimits('constellation-prod')).toEqual({ memoryBytes: 512 * 1024 * 1024, cpus: 0.5 })
    expect(dynoSizeLimits('gp2')).toEqual({ memoryBytes: 1024 * 1024 * 1024, cpus: 1 })
    expect(dynoSizeLimits('2Gi')).toEqual({ memoryBytes: 2048 * 1024 * 1024, cpus: 2 })
    expect(dynoSizeLimits('768Mi').memoryBytes).toBe(768 * 1024 * 1024)
    expect(dynoSizeLimits('no-such-size')).toEqual({ memoryBytes: 512 * 1024 * 1024, cpus: 0.5 })
  })
})
