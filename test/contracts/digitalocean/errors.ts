/**
 * The documented DigitalOcean errors: `{id, message, request_id}` with `x-request-id` and the
 * `ratelimit-*` headers — 401 without a valid token, 403 without the scope, 404 for what does not
 * exist, 429 over the hourly or the burst limit (with `retry-after`).
 */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { M } from '../support/consumer.js'
import { appPath, interaction, type DoInteraction } from '../support/digitalocean-interaction.js'
import { BURST_HEADERS, ERROR_HEADERS, ERRORS, EX, LIMITED_HEADERS } from '../support/digitalocean-shapes.js'

type State = [string, Record<string, string>]
const APP: State = ['an app {app_id} exists', { app_id: EX.appId }]
const bearer = (key: string, example: string) => M.fromProviderState(`Bearer \${${key}}`, `Bearer ${example}`)
const window = () => ({ app_id: M.fromProviderState('${app_id}', EX.appId), start: M.fromProviderState('${start}', EX.start), end: M.fromProviderState('${end}', EX.end) })

/** A request the API must answer with the error body (`id` and `message` exact). */
function refused(pact: PactV4, status: number, body: unknown, spec: Omit<DoInteraction, 'status' | 'headers' | 'response'> & { headers?: DoInteraction['headers'] }) {
  return interaction(pact, {
    headers: ERROR_HEADERS,
    ...spec,
    status,
    response: body,
    check: (res) => {
      expect(res.json().request_id).toBe(EX.requestId)
      expect(res.headers['x-request-id']).toBe(EX.requestId)
    },
  })
}

/** Requests for things that do not exist: [description, states, path, query]. */
const NOT_FOUND: Array<[string, State[], DoInteraction['path'], DoInteraction['query']]> = [
  ['a request for an app that does not exist', [], `/v2/apps/${EX.missing}`, undefined],
  ['a request for the deployments of an app that does not exist', [], `/v2/apps/${EX.missing}/deployments`, undefined],
  ['a request for a deployment that does not exist', [APP], appPath(`/deployments/${EX.missing}`), undefined],
  ['a request for the health of an app that does not exist', [], `/v2/apps/${EX.missing}/health`, undefined],
  ['a request for the instances of an app that does not exist', [], `/v2/apps/${EX.missing}/instances`, undefined],
  ['a request for the daily bandwidth of an app that does not exist', [], `/v2/apps/${EX.missing}/metrics/bandwidth_daily`, undefined],
  ['a request for the logs of an app that does not exist', [], `/v2/apps/${EX.missing}/logs`, { type: 'RUN' }],
  ['a request for the logs of a deployment that does not exist', [APP], appPath(`/deployments/${EX.missing}/logs`), { type: 'BUILD' }],
  ['a request for the logs of a component that does not exist', [APP], appPath('/components/no-such-component/logs'), { type: 'RUN' }],
  [
    'a request for the active-deployment logs of an app that has none',
    [['an app {idle_app_id} has no active deployment', { idle_app_id: EX.idleAppId }]],
    M.fromProviderState('/v2/apps/${idle_app_id}/logs', `/v2/apps/${EX.idleAppId}/logs`),
    { type: 'RUN' },
  ],
  [
    'a request for the logs of a job invocation that does not exist',
    [['an app {app_id} has a job invocation {job_invocation_id} of job {job_name}', { app_id: EX.appId, job_invocation_id: EX.invocationId, job_name: 'migrate' }]],
    M.fromProviderState(`/v2/apps/\${app_id}/jobs/\${job_name}/invocations/${EX.missing}/logs`, `/v2/apps/${EX.appId}/jobs/migrate/invocations/${EX.missing}/logs`),
    { type: 'JOB_INVOCATION' },
  ],
  ['a request for the logs of an autoscale event that does not exist', [APP], appPath(`/events/${EX.missing}/logs`), { type: 'AUTOSCALE_EVENT' }],
]

/** The error interactions. */
export function describeErrors(pact: PactV4): void {
  describe('DigitalOcean consumer contract: 401 and 403', () => {
    it('answers 401 to a token the API does not accept', () =>
      refused(pact, 401, ERRORS.unauthorized, { description: 'a request with a token the API does not accept', path: '/v2/apps', authorization: 'Bearer paasim-invalid-token' }))

    it('answers 401 to a request without a token', () => refused(pact, 401, ERRORS.unauthorized, { description: 'a request without a token', path: '/v2/apps', authorization: null }))

    it('answers 403 to app metrics asked with a token without monitoring:read', () =>
      refused(pact, 403, ERRORS.forbidden, {
        states: [
          ['an app {app_id} has metrics from {start} to {end}', { app_id: EX.appId, start: EX.start, end: EX.end }],
          ['a token {app_only_token} without the monitoring:read scope', { app_only_token: 'paasim-app-only-token' }],
        ],
        description: "a request for an app's CPU percentage with a token without monitoring:read",
        path: '/v2/monitoring/metrics/apps/cpu_percentage',
        query: window(),
        authorization: bearer('app_only_token', 'paasim-app-only-token'),
      }))

    it('answers 403 to the apps asked with a token without app:read', () =>
      refused(pact, 403, ERRORS.forbidden, {
        states: [['a token {monitoring_only_token} without the app:read scope', { monitoring_only_token: 'paasim-monitoring-only-token' }]],
        description: 'a request for the apps with a token without app:read',
        path: '/v2/apps',
        authorization: bearer('monitoring_only_token', 'paasim-monitoring-only-token'),
      }))
  })

  describe('DigitalOcean consumer contract: 404 with the not_found body', () => {
    for (const [description, states, path, query] of NOT_FOUND) {
      it(`answers ${description.replace(/^a request/, 'the request')}`, () => refused(pact, 404, ERRORS.notFound, { states, description, path, query }))
    }
  })

  describe('DigitalOcean consumer contract: 429 with its headers', () => {
    it('answers 429 with ratelimit-remaining 0 once the hourly limit is used up', () =>
      refused(pact, 429, ERRORS.tooManyRequests, {
        states: [['the rate limit of token {limited_token} is exhausted', { limited_token: 'paasim-limited-token' }]],
        description: 'a request with a token whose hourly rate limit is used up',
        path: '/v2/apps',
        authorization: bearer('limited_token', 'paasim-limited-token'),
        headers: LIMITED_HEADERS,
      }))

    it('answers 429 with retry-after over the burst limit', () =>
      refused(pact, 429, ERRORS.tooManyRequests, {
        states: [['the token {burst_token} is over its burst limit', { burst_token: 'paasim-burst-token' }]],
        description: 'a request with a token over its burst limit',
        path: '/v2/apps',
        authorization: bearer('burst_token', 'paasim-burst-token'),
        headers: BURST_HEADERS,
      }))
  })
}
