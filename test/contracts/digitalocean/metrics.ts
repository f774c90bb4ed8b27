/** The three app-metrics endpoints (scope `monitoring:read`) in the DigitalOcean contract. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { M } from '../support/consumer.js'
import { interaction } from '../support/digitalocean-interaction.js'
import { EX, metricMatrixShape, OK_HEADERS } from '../support/digitalocean-shapes.js'

const WINDOW: [string, Record<string, string>] = ['an app {app_id} has metrics from {start} to {end}', { app_id: EX.appId, start: EX.start, end: EX.end }]
const SERVICE: [string, Record<string, string>] = ['an app {app_id} has a service {component_name}', { app_id: EX.appId, component_name: 'web' }]

/** `app_id`, `start` and `end` from the state, as unix seconds. */
const windowQuery = () => ({
  app_id: M.fromProviderState('${app_id}', EX.appId),
  start: M.fromProviderState('${start}', EX.start),
  end: M.fromProviderState('${end}', EX.end),
})

/** The metrics interactions. */
export function describeMetrics(pact: PactV4): void {
  describe('DigitalOcean consumer contract: app metrics', () => {
    it('gets the CPU percentage of every instance', () =>
      interaction(pact, {
        states: [WINDOW],
        description: "a request for an app's CPU percentage",
        path: '/v2/monitoring/metrics/apps/cpu_percentage',
        query: windowQuery(),
        status: 200,
        headers: OK_HEADERS,
        response: metricMatrixShape('1.961423081938930890'),
        check: (res) => {
          const [t, value] = res.json().data.result[0].values[0]
          expect([typeof t, Number.isFinite(Number(value))]).toEqual(['number', true])
        },
      }))

    it('gets the memory percentage of one component', () =>
      interaction(pact, {
        states: [WINDOW, SERVICE],
        description: "a request for the memory percentage of one of an app's components",
        path: '/v2/monitoring/metrics/apps/memory_percentage',
        query: { ...windowQuery(), app_component: M.fromProviderState('${component_name}', 'web') },
        status: 200,
        headers: OK_HEADERS,
        response: metricMatrixShape('25.820000000000000000'),
        check: (res) => expect(res.json().data.result[0].metric.app_component).toBe('web'),
      }))

    it('gets the restart count of every instance', () =>
      interaction(pact, {
        states: [WINDOW],
        description: "a request for an app's restart count",
        path: '/v2/monitoring/metrics/apps/restart_count',
        query: windowQuery(),
        status: 200,
        headers: OK_HEADERS,
        response: metricMatrixShape('0'),
        check: (res) => expect(res.json().status).toBe('success'),
      }))
  })
}
