/**
 * The Akkeris consumer contract (`contracts/paasim-akkeris-api.json`): every in-scope route, its
 * documented errors, and the log-session stream. Ids come from provider states
 * (`fromProviderState`), so the same file verifies against a real account.
 * Regenerate with `npm run contracts`; without that, this file fails when the committed contract drifts.
 */
import { describe, expect, it } from 'vitest'
import { akkerisContract } from '../../src/contracts/akkeris.js'
import { call, consumerPact, exactTextBody, M, textBodyMatching } from './support/consumer.js'
import {
  appShape,
  buildResultShape,
  buildShape,
  EX,
  formationShape,
  LOG_LINE,
  logSessionShape,
  METRIC_KEYS,
  SAMPLE_VALUE,
  seriesShape,
  siteShape,
} from './support/akkeris-shapes.js'

const pact = consumerPact(akkerisContract)
const TOKEN = akkerisContract.contractToken
const AUTH = { Authorization: `Bearer ${TOKEN}` }
const JSON_HEADERS = { 'Content-Type': M.regex('^application/json(;.*)?$', 'application/json; charset=utf-8'), 'RateLimit-Remaining': '2400' }
/** Akkeris error bodies: the text itself under `Content-Type: application/json`. */
const ERROR_HEADERS = { 'Content-Type': 'application/json', 'RateLimit-Remaining': '2400' }

const APP = { app: 'api-default' }
const appPath = (suffix = '') => M.fromProviderState(`/apps/\${app}${suffix}`, `/apps/api-default${suffix}`)
const buildPath = (suffix = '') => M.fromProviderState(`/apps/\${app}/builds/\${build}${suffix}`, `/apps/api-default/builds/${EX.buildId}${suffix}`)
const sitePath = (suffix = '') => M.fromProviderState(`/sites/\${site}${suffix}`, `/sites/www.example-shop.io${suffix}`)

describe('Akkeris consumer contract: apps and formation', () => {
  it('lists apps', () =>
    pact
      .addInteraction()
      .given('an app {app} exists', APP)
      .uponReceiving('a request for the apps')
      .withRequest('GET', '/apps', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(appShape())))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps', { token: TOKEN })
        expect(res.status).toBe(200)
        expect(res.json()[0].key).toBe('api-default')
      }))

  it('gets an app by <name>-<space>', () =>
    pact
      .addInteraction()
      .given('an app {app} exists', APP)
      .uponReceiving('a request for an app')
      .withRequest('GET', appPath(), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(appShape()))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps/api-default', { token: TOKEN })
        expect(res.json().simple_name).toBe('api')
      }))

  it('answers 401 Unauthorized (text/plain) to a bad token', () =>
    pact
      .addInteraction()
      .uponReceiving('a request with a token the API does not accept')
      .withRequest('GET', '/apps', (b) => b.headers({ Authorization: 'Bearer paasim-invalid-token' }))
      .willRespondWith(401, (b) => exactTextBody(b.headers({ 'Content-Type': M.regex('^text/plain(;.*)?$', 'text/plain') }), 'Unauthorized'))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps', { token: 'paasim-invalid-token' })
        expect([res.status, res.text]).toEqual([401, 'Unauthorized'])
      }))

  it('answers 403 Forbidden to a token without access', () =>
    pact
      .addInteraction()
      .given('a token {forbiddenToken} is valid but may not list apps', { forbiddenToken: 'paasim-forbidden-token' })
      .uponReceiving('a request for the apps with a token that may not list them')
      .withRequest('GET', '/apps', (b) => b.headers({ Authorization: M.fromProviderState('Bearer ${forbiddenToken}', 'Bearer paasim-forbidden-token') }))
      .willRespondWith(403, (b) => exactTextBody(b.headers(ERROR_HEADERS), 'Forbidden'))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps', { token: 'paasim-forbidden-token' })
        expect([res.status, res.text]).toEqual([403, 'Forbidden'])
      }))

  it("lists an app's formation", () =>
    pact
      .addInteraction()
      .given('an app {app} exists', APP)
      .uponReceiving("a request for an app's formation")
      .withRequest('GET', appPath('/formation'), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(formationShape())))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps/api-default/formation', { token: TOKEN })
        expect(res.json()[0].type).toBe('web')
      }))
})

describe('Akkeris consumer contract: builds', () => {
  const FINISHED = { app: 'api-default' }

  it("lists an app's builds", () =>
    pact
      .addInteraction()
      .given('a build {build} of app {app} has finished', FINISHED)
      .uponReceiving("a request for an app's builds")
      .withRequest('GET', appPath('/builds'), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(buildShape())))
      .executeTest(async (ms) => {
        const builds = (await call(ms.url, 'GET', '/apps/api-default/builds', { token: TOKEN })).json()
        expect(builds.at(-1).id).toBe(EX.buildId) // clients treat the last as the latest
      }))

  it('gets a finished build', () =>
    pact
      .addInteraction()
      .given('a build {build} of app {app} has finished', FINISHED)
      .uponReceiving('a request for a finished build')
      .withRequest('GET', buildPath(), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(buildShape(M.regex('^(succeeded|failed)$', 'succeeded'))))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', `/apps/api-default/builds/${EX.buildId}`, { token: TOKEN })
        expect(res.json().status).toBe('succeeded')
      }))

  it('gets the output of a finished build, ending with the line the CLI stops on', () =>
    pact
      .addInteraction()
      .given('a build {build} of app {app} has finished', FINISHED)
      .uponReceiving('a request for the result of a finished build')
      .withRequest('GET', buildPath('/result'), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) =>
        b.headers(JSON_HEADERS).jsonBody(
          buildResultShape(
            M.regex('^(succeeded|failed)$', 'succeeded'),
            M.arrayContaining(
              M.regex('^Generating build for [A-Za-z0-9]+-[A-Za-z0-9-]+ build uuid [0-9a-f-]{36}$', `Generating build for api-default build uuid ${EX.buildId}`),
              M.regex('^Finished: (SUCCESS|FAILURE)$', 'Finished: SUCCESS'),
            ),
          ),
        ),
      )
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', `/apps/api-default/builds/${EX.buildId}/result`, { token: TOKEN })
        expect(res.json().lines.at(-1)).toBe('Finished: SUCCESS')
      }))

  it('gets the empty output of a queued build', () =>
    pact
      .addInteraction()
      .given('a build {queuedBuild} of app {app} is queued', APP)
      .uponReceiving('a request for the result of a queued build')
      .withRequest('GET', M.fromProviderState('/apps/${app}/builds/${queuedBuild}/result', `/apps/api-default/builds/${EX.buildId}/result`), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(buildResultShape('queued', [])))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', `/apps/api-default/builds/${EX.buildId}/result`, { token: TOKEN })
        expect(res.json().lines).toEqual([])
      }))

  it('answers 422 to a build id that is not a UUID, before looking the app up', () =>
    pact
      .addInteraction()
      .uponReceiving('a request for a build whose id is not a UUID')
      .withRequest('GET', '/apps/ghost-default/builds/not-a-uuid', (b) => b.headers(AUTH))
      .willRespondWith(422, (b) => exactTextBody(b.headers(ERROR_HEADERS), 'The specified uuid was invalid.'))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', '/apps/ghost-default/builds/not-a-uuid', { token: TOKEN })
        expect([res.status, res.text]).toEqual([422, 'The specified uuid was invalid.'])
      }))

  it('answers 404 with the text for an unknown build', () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    return pact
      .addInteraction()
      .given('an app {app} exists', APP)
      .uponReceiving('a request for a build that does not exist')
      .withRequest('GET', appPath(`/builds/${missing}`), (b) => b.headers(AUTH))
      .willRespondWith(404, (b) => exactTextBody(b.headers(ERROR_HEADERS), `The specified build ${missing} was not found.`))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'GET', `/apps/api-default/builds/${missing}`, { token: TOKEN })
        expect(res.text).toBe(`The specified build ${missing} was not found.`)
      })
  })

  it('queues a build (a write: replayed against real servers only with --include-writes)', () => {
    const source = { sha: '0123456789abcdef0123456789abcdef01234567', branch: 'main', version: 'v1.2.3' }
    return pact
      .addInteraction()
      .given('an app {app} exists', APP)
      .uponReceiving('a request to create a build')
      .withRequest('POST', appPath('/builds'), (b) => b.headers({ ...AUTH, 'Content-Type': 'application/json' }).jsonBody(source))
      .willRespondWith(201, (b) => b.headers(JSON_HEADERS).jsonBody({ ...buildShape('queued'), slug: { id: M.uuid(EX.otherId), number: '0' } }))
      .executeTest(async (ms) => {
        const res = await call(ms.url, 'POST', '/apps/api-default/builds', { token: TOKEN, body: source })
        expect([res.status, res.json().status]).toEqual([201, 'queued'])
      })
  })
})

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

describe('Akkeris consumer contract: sites', () => {
  const SITE = { site: 'www.example-shop.io' }

  it('lists sites', () =>
    pact
      .addInteraction()
      .given('a site {site} exists', SITE)
      .uponReceiving('a request for the sites')
      .withRequest('GET', '/sites', (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(siteShape())))
      .executeTest(async (ms) => {
        expect((await call(ms.url, 'GET', '/sites', { token: TOKEN })).json()[0].domain).toBe('www.example-shop.io')
      }))

  it('gets a site by domain', () =>
    pact
      .addInteraction()
      .given('a site {site} exists', SITE)
      .uponReceiving('a request for a site')
      .withRequest('GET', sitePath(), (b) => b.headers(AUTH))
      .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(siteShape()))
      .executeTest(async (ms) => {
        expect((await call(ms.url, 'GET', '/sites/www.example-shop.io', { token: TOKEN })).json().id).toBe(EX.siteId)
      }))

})

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
          .matchingRules({ body: METRIC_KEYS.map((key) => ({ path: `$.web.${key}`, rules: [M.eachValueMatches({}, M.regex(SAMPLE_VALUE, '104857600'))] })) }),
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

describe('Akkeris consumer contract: unknown apps and sites (404 with the text)', () => {
  const missingApp = 'The specified application ghost-default does not exist.'
  const missingSite = 'The specified site ghost.example.com does not exist.'
  const cases: Array<[string, string, string, unknown, string]> = [
    ['a request for an app that does not exist', 'GET', '/apps/ghost-default', undefined, missingApp],
    ['a request to create a log session for an app that does not exist', 'POST', '/apps/ghost-default/log-sessions', { lines: 5, tail: false }, missingApp],
    ["a request for the metrics of an app that does not exist", 'GET', '/apps/ghost-default/metrics', undefined, missingApp],
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
})
