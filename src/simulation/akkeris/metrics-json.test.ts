import { describe, expect, it } from 'vitest'
import { generateMetrics, type MetricsInput } from './metrics.js'
import { generateMetricsJson } from './metrics-json.js'

const base: MetricsInput = {
  seed: 7,
  appId: 'a1',
  formations: [
    { type: 'web', quantity: 2, size: 'gp1' },
    { type: 'worker', quantity: 1, size: 'scout' },
    { type: 'idle', quantity: 0, size: 'gp1' },
  ],
  restarts: [Date.parse('2026-01-01T03:00:00Z')],
  requestsPerMinute: 300,
  fromSec: Date.parse('2026-01-01T00:00:00Z') / 1000,
  toSec: Date.parse('2026-01-01T06:00:00Z') / 1000,
  stepSec: 60,
}

describe('generateMetricsJson', () => {
  it('writes the same bytes as JSON.stringify of the metrics object', () => {
    expect(generateMetricsJson(base)).toBe(JSON.stringify(generateMetrics(base)))
    expect(generateMetricsJson({ ...base, requestsPerMinute: 0, stepSec: 1800 })).toBe(JSON.stringify(generateMetrics({ ...base, requestsPerMinute: 0, stepSec: 1800 })))
  })

  it('keeps JSON key order for an empty window, a window before 1970 and a type named by digits', () => {
    for (const input of [
      { ...base, fromSec: base.toSec + 10, toSec: base.toSec + 20, stepSec: 60 },
      { ...base, fromSec: -3600, toSec: 3600, stepSec: 600 },
      { ...base, formations: [{ type: '2', quantity: 1, size: 'gp1' }, { type: 'web', quantity: 1, size: 'gp1' }] },
    ]) {
      expect(generateMetricsJson(input)).toBe(JSON.stringify(generateMetrics(input)))
    }
  })
})
