/** Deployment writes (create, cancel, restart), regions, instance sizes and alerts in the DigitalOcean contract. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { M } from '../support/consumer.js'
import { appPath, interaction } from '../support/digitalocean-interaction.js'
import { deploymentShape, ERROR_HEADERS, ERRORS, EX, OK_HEADERS } from '../support/digitalocean-shapes.js'

const APP: [string, Record<string, string>] = ['an app {app_id} exists', { app_id: EX.appId }]
const IN_PROGRESS: [string, Record<string, string>] = ['an app {app_id} has a deployment {running_deployment_id} in progress', { app_id: EX.appId, running_deployment_id: EX.deploymentId }]
const TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$'
const DIGITS = '^[0-9]+$'

/** The deployment-write and catalog interactions. */
export function describeDeployments(pact: PactV4): void {
  describe('DigitalOcean consumer contract: deployments, regions, instance sizes, alerts', () => {
    it('creates a deployment (a write: replayed against real accounts only with --include-writes)', () =>
      interaction(pact, {
        states: [APP],
        description: 'a request to create a deployment with a forced build',
        method: 'POST',
        path: appPath('/deployments'),
        body: { force_build: true },
        status: 200,
        headers: OK_HEADERS,
        response: { deployment: deploymentShape(M.regex('^(PENDING_BUILD|BUILDING)$', 'PENDING_BUILD')) },
        check: (res) => expect(res.json().deployment.progress.total_steps).toBeGreaterThan(0), // doctl --wait needs work left
      }))

    it('cancels a deployment in progress (a write)', () =>
      interaction(pact, {
        states: [IN_PROGRESS],
        description: 'a request to cancel a deployment in progress',
        method: 'POST',
        path: M.fromProviderState('/v2/apps/${app_id}/deployments/${running_deployment_id}/cancel', `/v2/apps/${EX.appId}/deployments/${EX.deploymentId}/cancel`),
        status: 200,
        headers: OK_HEADERS,
        response: { deployment: deploymentShape('CANCELED') },
        check: (res) => expect(res.json().deployment.phase).toBe('CANCELED'),
      }))

    it('restarts every component, as doctl apps restart sends it (a write)', () =>
      interaction(pact, {
        states: [APP],
        description: 'a request to restart an app',
        method: 'POST',
        path: appPath('/restart'),
        body: { components: [] },
        status: 200,
        headers: OK_HEADERS,
        response: { deployment: deploymentShape(M.regex('^(PENDING_DEPLOY|DEPLOYING)$', 'PENDING_DEPLOY')) },
        check: (res) => expect(res.json().deployment.id).toBe(EX.deploymentId),
      }))

    it('refuses a deployment to a token without app:update (403)', () =>
      interaction(pact, {
        states: [APP, ['a token {read_only_token} without the app:update scope', { read_only_token: 'read-only-token' }]],
        description: 'a request to create a deployment with a read-only token',
        method: 'POST',
        path: appPath('/deployments'),
        authorization: M.fromProviderState('Bearer ${read_only_token}', 'Bearer read-only-token'),
        body: { force_build: false },
        status: 403,
        headers: ERROR_HEADERS,
        response: ERRORS.forbidden,
      }))

    it('lists the App Platform regions', () =>
      interaction(pact, {
        description: 'a request for the regions',
        path: '/v2/apps/regions',
        status: 200,
        headers: OK_HEADERS,
        response: { regions: M.eachLike({ slug: M.like('ams'), label: M.like('Amsterdam'), flag: M.like('netherlands'), continent: M.like('Europe'), data_centers: M.eachLike('ams3') }) },
      }))

    it('lists the instance sizes, their numbers as strings', () =>
      interaction(pact, {
        description: 'a request for the instance sizes',
        path: '/v2/apps/tiers/instance_sizes',
        status: 200,
        headers: OK_HEADERS,
        response: { instance_sizes: M.eachLike(sizeShape()) },
        check: (res) => expect(typeof res.json().instance_sizes[0].memory_bytes).toBe('string'),
      }))

    it('gets an instance size by slug', () =>
      interaction(pact, {
        description: 'a request for an instance size',
        path: '/v2/apps/tiers/instance_sizes/apps-s-1vcpu-0.5gb',
        status: 200,
        headers: OK_HEADERS,
        response: { instance_size: { ...sizeShape(), slug: 'apps-s-1vcpu-0.5gb' } },
      }))

    it("lists an app's alerts, each with a spec", () =>
      interaction(pact, {
        states: [APP],
        description: "a request for an app's alerts",
        path: appPath('/alerts'),
        status: 200,
        headers: OK_HEADERS,
        response: {
          alerts: M.eachLike({
            id: M.uuid(EX.deploymentId),
            spec: { rule: M.regex('^[A-Z_0-9]+$', 'DEPLOYMENT_FAILED') },
            emails: M.eachLike('sammy@digitalocean.com'),
            phase: M.regex('^(UNKNOWN|PENDING|CONFIGURING|ACTIVE|ERROR)$', 'ACTIVE'),
            progress: { steps: M.eachLike({ name: M.like('alert-configure-insight-alert'), status: M.regex('^(UNKNOWN|PENDING|RUNNING|ERROR|SUCCESS)$', 'SUCCESS'), started_at: M.regex(TIME, '2026-01-01T00:00:00Z'), ended_at: M.regex(TIME, '2026-01-01T00:00:00Z') }) },
          }),
        },
        check: (res) => expect(res.json().alerts[0].spec.rule).toBe('DEPLOYMENT_FAILED'),
      }))
  })
}

/** An instance size: the numbers are strings. */
function sizeShape() {
  return {
    name: M.like('Shared 1VCPU 0.5GB'),
    slug: M.like('apps-s-1vcpu-0.5gb'),
    cpu_type: M.regex('^(UNSPECIFIED|SHARED|DEDICATED)$', 'SHARED'),
    cpus: M.regex(DIGITS, '1'),
    memory_bytes: M.regex(DIGITS, '536870912'),
    usd_per_month: M.regex('^[0-9]+\\.[0-9]{2}$', '5.00'),
    usd_per_second: M.regex('^[0-9]+\\.[0-9]+$', '0.000002066799'),
    tier_slug: M.like('basic'),
    bandwidth_allowance_gib: M.regex(DIGITS, '50'),
  }
}
