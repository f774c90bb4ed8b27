/** Apps, deployments, health, instances and daily bandwidth in the DigitalOcean contract. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { M } from '../support/consumer.js'
import { appPath, interaction } from '../support/digitalocean-interaction.js'
import {
  appShape,
  appSummaryShape,
  bandwidthShape,
  deploymentShape,
  EX,
  healthShape,
  instancesShape,
  middlePageLinks,
  OK_HEADERS,
} from '../support/digitalocean-shapes.js'

const APP: [string, Record<string, string>] = ['an app {app_id} exists', { app_id: EX.appId }]
const ACTIVE: [string, Record<string, string>] = ['an app {app_id} has an active deployment {deployment_id}', { app_id: EX.appId, deployment_id: EX.deploymentId }]

/** The app and deployment interactions. */
export function describeApps(pact: PactV4): void {
  describe('DigitalOcean consumer contract: apps', () => {
    it('lists apps with links and meta', () =>
      interaction(pact, {
        states: [APP],
        description: 'a request for the apps',
        path: '/v2/apps',
        status: 200,
        headers: OK_HEADERS,
        response: { apps: M.eachLike(appSummaryShape()), links: M.like({}), meta: { total: M.integer(1) } },
        check: (res) => expect(res.json().apps[0].id).toBe(EX.appId),
      }))

    it('pages through apps: page 2 of per_page=1 links to the first, previous, next and last pages', () =>
      interaction(pact, {
        states: [['the account has at least {app_count} apps', { app_count: '3' }]],
        description: 'a request for the second page of apps, one per page',
        path: '/v2/apps',
        query: { page: '2', per_page: '1' },
        status: 200,
        headers: OK_HEADERS,
        response: { apps: M.eachLike(appSummaryShape()), links: middlePageLinks('/v2/apps'), meta: { total: M.integer(3) } },
        check: (res) => expect(res.json().links.pages.next).toMatch(/page=3/),
      }))

    it('gets an app with its spec, component names and active deployment', () =>
      interaction(pact, {
        states: [ACTIVE],
        description: 'a request for an app',
        path: appPath(),
        status: 200,
        headers: OK_HEADERS,
        response: { app: appShape() },
        check: (res) => expect(res.json().app.active_deployment.phase).toBe('ACTIVE'),
      }))

    it("lists an app's deployments", () =>
      interaction(pact, {
        states: [ACTIVE],
        description: "a request for an app's deployments",
        path: appPath('/deployments'),
        status: 200,
        headers: OK_HEADERS,
        response: { deployments: M.eachLike(deploymentShape()), links: M.like({}), meta: { total: M.integer(1) } },
        check: (res) => expect(res.json().deployments[0].id).toBe(EX.deploymentId),
      }))

    it('gets the active deployment', () =>
      interaction(pact, {
        states: [ACTIVE],
        description: 'a request for the active deployment of an app',
        path: M.fromProviderState('/v2/apps/${app_id}/deployments/${deployment_id}', `/v2/apps/${EX.appId}/deployments/${EX.deploymentId}`),
        status: 200,
        headers: OK_HEADERS,
        response: { deployment: deploymentShape('ACTIVE') },
        check: (res) => expect(res.json().deployment.progress.total_steps).toBeGreaterThan(0),
      }))
  })

  describe('DigitalOcean consumer contract: health, instances and bandwidth', () => {
    it("gets an app's health", () =>
      interaction(pact, {
        states: [APP],
        description: "a request for an app's health",
        path: appPath('/health'),
        status: 200,
        headers: OK_HEADERS,
        response: healthShape(),
        check: (res) => expect(res.json().app_health.components[0].state).toBe('HEALTHY'),
      }))

    it("lists an app's running instances", () =>
      interaction(pact, {
        states: [APP],
        description: "a request for an app's instances",
        path: appPath('/instances'),
        status: 200,
        headers: OK_HEADERS,
        response: instancesShape(),
        check: (res) => expect(res.json().instances[0].instance_alias).toBe('web-0'),
      }))

    it("gets an app's daily bandwidth", () =>
      interaction(pact, {
        states: [APP],
        description: "a request for an app's daily bandwidth",
        path: appPath('/metrics/bandwidth_daily'),
        status: 200,
        headers: OK_HEADERS,
        response: bandwidthShape(),
        check: (res) => expect(BigInt(res.json().app_bandwidth_usage[0].bandwidth_bytes)).toBeGreaterThan(0n),
      }))

    it('gets the daily bandwidth of several apps with a POST that only reads', () =>
      interaction(pact, {
        states: [APP],
        description: 'a request for the daily bandwidth of a list of apps',
        method: 'POST',
        path: '/v2/apps/metrics/bandwidth_daily',
        body: { app_ids: [M.fromProviderState('${app_id}', EX.appId)] },
        status: 200,
        headers: OK_HEADERS,
        response: bandwidthShape(),
        check: (res) => expect(res.json().app_bandwidth_usage[0].app_id).toBe(EX.appId),
      }))
  })
}
