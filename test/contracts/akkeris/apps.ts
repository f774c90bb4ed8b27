/** The apps, one app and its formation (with 401 and 403) in the Akkeris contract. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody, M } from '../support/consumer.js'
import { appShape, formationShape } from '../support/akkeris-shapes.js'
import { APP, appPath, AUTH, ERROR_HEADERS, JSON_HEADERS, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeApps(pact: PactV4): void {
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
}
