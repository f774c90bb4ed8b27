/** Log sessions of apps and sites, their 422s, and the stream of a session (the log-line format). */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody, M, textBodyMatching } from '../support/consumer.js'
import { EX, LOG_LINE, logSessionShape } from '../support/akkeris-shapes.js'
import { APP, appPath, AUTH, ERROR_HEADERS, JSON_HEADERS, sitePath, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeLogSessions(pact: PactV4): void {
  describe('Akkeris consumer contract: log sessions', () => {
    const BODY = { lines: 5, tail: false }
    const lineErrors: Array<[string, unknown, string]> = [
      ['lines below 1', { lines: 0, tail: false }, 'The specified lines was either not a number or less than 1.'],
      ['lines that is not a number', { lines: '10', tail: false }, 'The specified lines was either not a number or less than 1.'],
      ['lines over 250', { lines: 251, tail: false }, 'The specified lines field was larger than allowed (250 is the maximum).'],
    ]

    it('creates a log session for an app', () =>
      pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving('a request to create a log session for an app')
        .withRequest('POST', appPath('/log-sessions'), (b) => b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody(BODY))
        .willRespondWith(201, (b) => b.headers(JSON_HEADERS).jsonBody(logSessionShape()))
        .executeTest(async (ms) => {
          const res = await call(ms.url, 'POST', '/apps/api-default/log-sessions', { token: TOKEN, body: BODY })
          expect(res.status).toBe(201)
          expect(res.json().logplex_url).toContain(res.json().id)
        }))

    for (const [title, body, message] of lineErrors) {
      it(`answers 422 to ${title}`, () =>
        pact
          .addInteraction()
          .given('an app {app} exists', APP)
          .uponReceiving(`a request to create a log session with ${title}`)
          .withRequest('POST', appPath('/log-sessions'), (b) => b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody(body))
          .willRespondWith(422, (b) => exactTextBody(b.headers(ERROR_HEADERS), message))
          .executeTest(async (ms) => {
            const res = await call(ms.url, 'POST', '/apps/api-default/log-sessions', { token: TOKEN, body })
            expect([res.status, res.text]).toEqual([422, message])
          }))
    }

    it('streams the last lines of a session without credentials, then ends (tail: false)', () => {
      const lines = [
        '2026-01-01T00:14:59Z api-default akkeris/router: bytes=512 method=GET request_id=0670b897-6891-4c03-a34c-05bb89d377ee fwd=203.0.113.9 origin=10.0.0.1 status=200 service=12ms total=13ms source=10.0.0.2 dyno=web.5d8f6b9c7-x2x7z host=api-default path=/',
        '2026-01-01T00:15:00Z api-default app[web.5d8f6b9c7-x2x7z]: GET / 200',
        '2026-01-01T00:15:00Z api-default akkeris/build: Step 1/8 : FROM node:20-alpine',
        '2026-01-01T00:15:00Z api-default akkeris/event: Slug compilation finished',
        '2026-01-01T00:15:01Z api-default app[web.5d8f6b9c7-x2x7z]: listening on 9000',
      ]
      return pact
        .addInteraction()
        .given('a log session {session} was created for app {app}', { app: 'api-default', lines: 5 })
        .uponReceiving("a request for a log session's stream")
        .withRequest('GET', M.fromProviderState('/log-sessions/${session}', `/log-sessions/${EX.sessionId}`))
        .willRespondWith(200, (b) => textBodyMatching(b.headers({ 'Content-Type': M.regex('^text/plain(;.*)?$', 'text/plain; charset=utf-8') }), `^(${LOG_LINE}\\n){5}$`, lines.join('\n') + '\n'))
        .executeTest(async (ms) => {
          const res = await call(ms.url, 'GET', `/log-sessions/${EX.sessionId}`)
          expect(res.text.trimEnd().split('\n')).toHaveLength(5)
        })
    })

    it('creates a log session for a site', () =>
      pact
        .addInteraction()
        .given('a site {site} exists', { site: 'www.example-shop.io' })
        .uponReceiving('a request to create a log session for a site')
        .withRequest('POST', sitePath('/log-sessions'), (b) => b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody(BODY))
        .willRespondWith(201, (b) => b.headers(JSON_HEADERS).jsonBody(logSessionShape()))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'POST', '/sites/www.example-shop.io/log-sessions', { token: TOKEN, body: BODY })).status).toBe(201)
        }))

  })
}
