/** Dynos, releases, the account, spaces and log drains; restarts and drain changes are writes. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, exactTextBody, M } from '../support/consumer.js'
import { accountShape, drainShape, dynoShape, EX, releaseShape, spaceShape } from '../support/akkeris-shapes.js'
import { APP, appPath, AUTH, ERROR_HEADERS, JSON_HEADERS, TOKEN } from '../support/akkeris-interaction.js'

const FINISHED = { app: 'api-default' }
const JSON_BODY = { ...AUTH, 'Content-Type': 'application/json' }
const drainPath = () => M.fromProviderState('/apps/${app}/log-drains/${drain}', `/apps/api-default/log-drains/${EX.drainId}`)

/** Registers the interactions with `pact`. */
export function describePlatform(pact: PactV4): void {
  describe('Akkeris consumer contract: dynos, releases, account, spaces, drains', () => {
    it("lists an app's dynos (aka ps)", () =>
      pact
        .addInteraction()
        .given('a build {build} of app {app} has finished', FINISHED)
        .uponReceiving("a request for an app's dynos")
        .withRequest('GET', appPath('/dynos'), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(dynoShape())))
        .executeTest(async (ms) => {
          const [dyno] = (await call(ms.url, 'GET', '/apps/api-default/dynos', { token: TOKEN })).json()
          expect(typeof dyno.state).toBe('string') // aka ps maps the state
        }))

    it("lists an app's releases, oldest first, joined to builds on slug.id (aka releases)", () =>
      pact
        .addInteraction()
        .given('a build {build} of app {app} has finished', FINISHED)
        .uponReceiving("a request for an app's releases")
        .withRequest('GET', appPath('/releases'), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(releaseShape())))
        .executeTest(async (ms) => {
          const releases = (await call(ms.url, 'GET', '/apps/api-default/releases', { token: TOKEN })).json()
          expect(releases.at(-1).slug.id).toBe(EX.buildId)
        }))

    it('gets a release', () =>
      pact
        .addInteraction()
        .given('a release {release} of app {app} exists', FINISHED)
        .uponReceiving('a request for a release')
        .withRequest('GET', M.fromProviderState('/apps/${app}/releases/${release}', `/apps/api-default/releases/${EX.releaseId}`), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(releaseShape()))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', `/apps/api-default/releases/${EX.releaseId}`, { token: TOKEN })).json().version).toBe(1)
        }))

    it('answers 422 to a release id that is not a UUID, before looking the app up', () =>
      pact
        .addInteraction()
        .uponReceiving('a request for a release whose id is not a UUID')
        .withRequest('GET', '/apps/ghost-default/releases/v1', (b) => b.headers(AUTH))
        .willRespondWith(422, (b) => exactTextBody(b.headers(ERROR_HEADERS), 'The specified uuid was invalid.'))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', '/apps/ghost-default/releases/v1', { token: TOKEN })).status).toBe(422)
        }))

    it("gets the token's account (aka auth:whoami)", () =>
      pact
        .addInteraction()
        .uponReceiving('a request for the account')
        .withRequest('GET', '/account', (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(accountShape()))
        .executeTest(async (ms) => {
          const account = (await call(ms.url, 'GET', '/account', { token: TOKEN })).json()
          expect(`${account.name} (${account.email})`).toBe('Jane Doe (jane.doe@example.com)')
        }))

    it('lists the spaces and gets one by name (aka spaces, spaces:info)', async () => {
      await pact
        .addInteraction()
        .given('a space {space} exists', { space: 'default' })
        .uponReceiving('a request for the spaces')
        .withRequest('GET', '/spaces', (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(spaceShape())))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', '/spaces', { token: TOKEN })).json()[0].apps).toBe('1')
        })
      await pact
        .addInteraction()
        .given('a space {space} exists', { space: 'default' })
        .uponReceiving('a request for a space')
        .withRequest('GET', M.fromProviderState('/spaces/${space}', '/spaces/default'), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(spaceShape()))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', '/spaces/default', { token: TOKEN })).json().state).toBe('allocated')
        })
    })

    it('restarts every dyno, then one type (writes: replayed against real servers only with --include-writes)', async () => {
      await pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving('a request to restart all dynos of an app')
        .withRequest('DELETE', appPath('/dynos'), (b) => b.headers(AUTH))
        .willRespondWith(202, (b) => b.headers(JSON_HEADERS).jsonBody({ status: 'pending' }))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'DELETE', '/apps/api-default/dynos', { token: TOKEN })).status).toBe(202)
        })
      await pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving('a request to restart the web dynos of an app')
        .withRequest('DELETE', appPath('/dynos/web'), (b) => b.headers(AUTH))
        .willRespondWith(202, (b) => b.headers(JSON_HEADERS).jsonBody({ status: 'pending', type: 'web' }))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'DELETE', '/apps/api-default/dynos/web', { token: TOKEN })).json().type).toBe('web')
        })
    })

    it("lists and gets an app's log drains (aka drains, drains:info)", async () => {
      await pact
        .addInteraction()
        .given('a log drain {drain} exists on app {app}', APP)
        .uponReceiving("a request for an app's log drains")
        .withRequest('GET', appPath('/log-drains'), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(M.eachLike(drainShape())))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', '/apps/api-default/log-drains', { token: TOKEN })).json()[0].token).toBe('api-default')
        })
      await pact
        .addInteraction()
        .given('a log drain {drain} exists on app {app}', APP)
        .uponReceiving('a request for a log drain')
        .withRequest('GET', drainPath(), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(drainShape()))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'GET', `/apps/api-default/log-drains/${EX.drainId}`, { token: TOKEN })).json().id).toBe(EX.drainId)
        })
    })

    it('adds and removes a log drain, and refuses one without url (writes)', async () => {
      const url = 'syslog+tls://127.0.0.1:9'
      await pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving('a request to add a log drain')
        .withRequest('POST', appPath('/log-drains'), (b) => b.headers(JSON_BODY).jsonBody({ url }))
        .willRespondWith(201, (b) => b.headers(JSON_HEADERS).jsonBody({ ...drainShape(), url }))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'POST', '/apps/api-default/log-drains', { token: TOKEN, body: { url } })).json().url).toBe(url)
        })
      await pact
        .addInteraction()
        .given('an app {app} exists', APP)
        .uponReceiving('a request to add a log drain without a url')
        .withRequest('POST', appPath('/log-drains'), (b) => b.headers(JSON_BODY).jsonBody({}))
        .willRespondWith(400, (b) => exactTextBody(b.headers(ERROR_HEADERS), 'The request did not include a "url" parameter.'))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'POST', '/apps/api-default/log-drains', { token: TOKEN, body: {} })).status).toBe(400)
        })
      await pact
        .addInteraction()
        .given('a log drain {drain} exists on app {app}', APP)
        .uponReceiving('a request to remove a log drain')
        .withRequest('DELETE', drainPath(), (b) => b.headers(AUTH))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(drainShape()))
        .executeTest(async (ms) => {
          expect((await call(ms.url, 'DELETE', `/apps/api-default/log-drains/${EX.drainId}`, { token: TOKEN })).json().url).toBeTruthy()
        })
    })
  })
}
