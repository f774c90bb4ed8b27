/** Sites: the list and one site by domain. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, M } from '../support/consumer.js'
import { EX, siteShape } from '../support/akkeris-shapes.js'
import { AUTH, JSON_HEADERS, sitePath, TOKEN } from '../support/akkeris-interaction.js'

/** Registers the interactions with `pact`. */
export function describeSites(pact: PactV4): void {
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
}
