/** Unknown apps and sites: 404 with the exact text; a route Akkeris does not have: 404 with an empty body. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody } from '../support/consumer.js'
import { AUTH, ERROR_HEADERS, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeErrors(pact: PactV4): void {
  describe('Akkeris consumer contract: unknown apps and sites (404 with the text)', () => {
    const missingApp = 'The specified application ghost-default does not exist.'
    const missingSite = 'The specified site ghost.example.com does not exist.'
    const cases: Array<[string, string, string, unknown, string]> = [
      ['a request for an app that does not exist', 'GET', '/apps/ghost-default', undefined, missingApp],
      ['a request to create a log session for an app that does not exist', 'POST', '/apps/ghost-default/log-sessions', { lines: 5, tail: false }, missingApp],
      ["a request for the metrics of an app that does not exist", 'GET', '/apps/ghost-default/metrics', undefined, missingApp],
      ['a request for the formation of an app that does not exist', 'GET', '/apps/ghost-default/formation', undefined, missingApp],
      ['a request for the builds of an app that does not exist', 'GET', '/apps/ghost-default/builds', undefined, missingApp],
      ['a request for the result of a build of an app that does not exist', 'GET', '/apps/ghost-default/builds/00000000-0000-4000-8000-000000000000/result', undefined, missingApp],
      ['a request for a site that does not exist', 'GET', '/sites/ghost.example.com', undefined, missingSite],
      ['a request to create a log session for a site that does not exist', 'POST', '/sites/ghost.example.com/log-sessions', { lines: 5, tail: false }, missingSite],
    ]
    for (const [description, method, path, body, message] of cases) {
      it(`answers ${description.replace(/^a request/, 'the request')}`, () =>
        pact
          .addInteraction()
          .uponReceiving(description)
          .withRequest(method, path, (b) => (body === undefined ? b.headers(AUTH) : b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody(body)))
          .willRespondWith(404, (b) => exactTextBody(b.headers(ERROR_HEADERS), message))
          .executeTest(async (ms) => {
            const res = await call(ms.url, method, path, { token: TOKEN, body })
            expect([res.status, res.text]).toEqual([404, message])
          }))
    }

    it('answers a route Akkeris does not have with 404 and an empty body', () =>
      pact
        .addInteraction()
        .uponReceiving('a request for a route Akkeris does not have')
        .withRequest('GET', '/apps/ghost-default/no-such-resource', (b) => b.headers(AUTH))
        .willRespondWith(404, (b) => exactTextBody(b, ''))
        .executeTest(async (ms) => {
          const res = await call(ms.url, 'GET', '/apps/ghost-default/no-such-resource', { token: TOKEN })
          expect([res.status, res.text]).toEqual([404, ''])
        }))
  })
}
