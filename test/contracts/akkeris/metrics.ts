/** App metrics keyed by dyno type, metric and unix-second sample, and the 400 for a bad resolution. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody, M } from '../support/consumer.js'
import { METRIC_KEYS, SAMPLE_VALUE, seriesShape } from '../support/akkeris-shapes.js'
import { APP, appPath, AUTH, ERROR_HEADERS, JSON_HEADERS, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeMetrics(pact: PactV4): void {
  describe('Akkeris consumer contract: metrics', () => {
    it('gets app metrics keyed by dyno type, then metric, then unix-second sample keys with string values', () => {
      const series = Object.fromEntries(METRIC_KEYS.map((key) => [key, seriesShape()]))
      return pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving("a request for an app's metrics at a 10 minute resolution")
        .withRequest('GET', appPath('/metrics'), (b) => b.headers(AUTH).query({ resolution: '10m' }))
        .willRespondWith(200, (b) =>
          b
            .headers(JSON_HEADERS)
            .jsonBody({ web: series })
            .matchingRules({ body: METRIC_KEYS.map((key) => ({ path: `$.web.${key}`, rules: [M.eachValueMatches({}, [M.string('104857600'), M.regex(SAMPLE_VALUE, '104857600')])] })) }),
        )
        .executeTest(async (ms) => {
          const res = await call(ms.url, 'GET', '/apps/api-default/metrics?resolution=10m', { token: TOKEN })
          expect(Number(res.json().web.memory_usage_bytes['1767225000'])).toBeGreaterThan(0)
        })
    })

    it('answers 400 to a resolution that is not <number><unit>', () =>
      pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving("a request for an app's metrics with an invalid resolution")
        .withRequest('GET', appPath('/metrics'), (b) => b.headers(AUTH).query({ resolution: 'ten' }))
        .willRespondWith(400, (b) => exactTextBody(b.headers(ERROR_HEADERS), 'Invalid request, resolution must be [0-9][resolution]'))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', '/apps/api-default/metrics?resolution=ten', { token: TOKEN })).status).toBe(400)
        }))

  })
}
