/** Builds: list, one, its result (finished and queued), 404/422, and queueing one (a write). */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody, M } from '../support/consumer.js'
import { buildResultShape, buildShape, EX } from '../support/akkeris-shapes.js'
import { APP, appPath, AUTH, buildPath, ERROR_HEADERS, JSON_HEADERS, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeBuilds(pact: PactV4): void {
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
}
