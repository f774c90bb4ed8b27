/** The six logs endpoints in the DigitalOcean contract: `{live_url, historic_urls}`, never the spec example's `url`/`historic_logs`. */
import type { PactV4 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { call, M, textBodyMatching } from '../support/consumer.js'
import { appPath, interaction, type Answer } from '../support/digitalocean-interaction.js'
import { EX, finishedLogsShape, liveLogsShape, LOG_LINE, OK_HEADERS } from '../support/digitalocean-shapes.js'

const ACTIVE: [string, Record<string, string>] = ['an app {app_id} has an active deployment {deployment_id}', { app_id: EX.appId, deployment_id: EX.deploymentId }]
const SERVICE: [string, Record<string, string>] = ['an app {app_id} has a service {component_name}', { app_id: EX.appId, component_name: 'web' }]

const deploymentPath = (suffix: string) =>
  M.fromProviderState(`/v2/apps/\${app_id}/deployments/\${deployment_id}${suffix}`, `/v2/apps/${EX.appId}/deployments/${EX.deploymentId}${suffix}`)

/** A client opens `live_url` when there is one, else the first historic URL (doctl's rule). */
const hasSomewhereToRead = (res: Answer) => {
  const { live_url, historic_urls } = res.json()
  expect(live_url || historic_urls[0]).toMatch(/^(https?|wss?):\/\//)
}

const ARCHIVE = 'the RUN logs of app {app_id} are archived at {archive_path} with token {archive_token}'
const ARCHIVE_TOKEN = 'eyJhcHAiOiI0ZjZjNzFlMiJ9.937e374364b44b28'
const ARCHIVED_LINES = [
  'web 2026-01-01T00:00:01.580344372Z {"level":30,"msg":"request completed","res":{"statusCode":200}}',
  'web 2026-01-01T00:00:02.054471885Z listening on :8080',
  'migrate 2026-01-01T00:00:03.2Z  › running job migrate',
]

/** The logs interactions. */
export function describeLogs(pact: PactV4): void {
  describe('DigitalOcean consumer contract: logs', () => {
    it('gets the live RUN logs of the active deployment, every component', () =>
      interaction(pact, {
        states: [ACTIVE],
        description: "a request for the RUN logs of an app's active deployment",
        path: appPath('/logs'),
        query: { type: 'RUN', follow: 'true' },
        status: 200,
        headers: OK_HEADERS,
        response: liveLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('gets the live RUN logs of one component of the active deployment', () =>
      interaction(pact, {
        states: [ACTIVE, SERVICE],
        description: "a request for the RUN logs of one component of an app's active deployment",
        path: M.fromProviderState('/v2/apps/${app_id}/components/${component_name}/logs', `/v2/apps/${EX.appId}/components/web/logs`),
        query: { type: 'RUN' },
        status: 200,
        headers: OK_HEADERS,
        response: liveLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('gets the BUILD logs of a deployment that has finished building (as doctl asks, with tail_lines)', () =>
      interaction(pact, {
        states: [ACTIVE],
        description: 'a request for the BUILD logs of a deployment',
        path: deploymentPath('/logs'),
        query: { type: 'BUILD', follow: 'false', tail_lines: '-1' },
        status: 200,
        headers: OK_HEADERS,
        response: finishedLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('gets the DEPLOY logs of one component of a deployment', () =>
      interaction(pact, {
        states: [ACTIVE, SERVICE],
        description: 'a request for the DEPLOY logs of one component of a deployment',
        path: M.fromProviderState(
          '/v2/apps/${app_id}/deployments/${deployment_id}/components/${component_name}/logs',
          `/v2/apps/${EX.appId}/deployments/${EX.deploymentId}/components/web/logs`,
        ),
        query: { type: 'DEPLOY' },
        status: 200,
        headers: OK_HEADERS,
        response: finishedLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('gets the logs of a job invocation', () =>
      interaction(pact, {
        states: [['an app {app_id} has a job invocation {job_invocation_id} of job {job_name}', { app_id: EX.appId, job_invocation_id: EX.invocationId, job_name: 'migrate' }]],
        description: 'a request for the logs of a job invocation',
        path: M.fromProviderState('/v2/apps/${app_id}/jobs/${job_name}/invocations/${job_invocation_id}/logs', `/v2/apps/${EX.appId}/jobs/migrate/invocations/${EX.invocationId}/logs`),
        query: { type: 'JOB_INVOCATION' },
        status: 200,
        headers: OK_HEADERS,
        response: finishedLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('gets the logs of an autoscale event', () =>
      interaction(pact, {
        states: [['an app {app_id} has an autoscale event {event_id}', { app_id: EX.appId, event_id: EX.eventId }]],
        description: 'a request for the logs of an autoscale event',
        path: M.fromProviderState('/v2/apps/${app_id}/events/${event_id}/logs', `/v2/apps/${EX.appId}/events/${EX.eventId}/logs`),
        query: { type: 'AUTOSCALE_EVENT' },
        status: 200,
        headers: OK_HEADERS,
        response: finishedLogsShape(),
        check: hasSomewhereToRead,
      }))

    it('reads a historic URL without credentials: newline-separated `<component> <RFC 3339 nano UTC> <message>` lines', () =>
      pact
        .addInteraction()
        .given(ARCHIVE, { app_id: EX.appId, archive_path: '/v2/log-archive', archive_token: ARCHIVE_TOKEN })
        .uponReceiving('a request for a historic log archive of the RUN logs')
        .withRequest('GET', M.fromProviderState('${archive_path}', '/v2/log-archive'), (b) => b.query({ token: M.fromProviderState('${archive_token}', ARCHIVE_TOKEN) }))
        .willRespondWith(200, (b) =>
          textBodyMatching(b.headers({ 'Content-Type': M.regex('^text/plain(;.*)?$', 'text/plain; charset=utf-8') }), `^(${LOG_LINE}\\n)*${LOG_LINE}\\n?$`, ARCHIVED_LINES.join('\n') + '\n'),
        )
        .executeTest(async (ms) => {
          const res = await call(ms.url, 'GET', `/v2/log-archive?token=${ARCHIVE_TOKEN}`)
          expect(res.text.trimEnd().split('\n')[0]).toMatch(/^web \S+Z /)
        }))
  })
}
