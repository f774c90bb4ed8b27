/** App Platform logs routes, plus the live and archive URLs they hand out. */
import type { RequestContext } from '../../../http/context.js'
import { bytes, JSON_TYPE, stream, utf8Length } from '../../../http/respond.js'
import type { Route } from '../../../http/route.js'
import { archiveChunks, asText, liveLines, revokeLogUrl, ticketFor } from '../live.js'
import { ARCHIVE_PATH, LIVE_PATH } from '../log-urls.js'
import { logsJson, logUrls, type LogsRequest } from '../logs.js'

const answer = (ctx: RequestContext, req: Omit<LogsRequest, 'query'>, allowed?: Parameters<typeof logUrls>[3]) => {
  const origin = ctx.origin
  const urls = logUrls(ctx.sim.backends.digitalocean, { origin, key: ctx.sim.logUrlKey, revoked: ctx.sim.revokedLogUrls }, { ...req, query: ctx.url.searchParams }, allowed)
  return bytes(logsJson(urls, origin), JSON_TYPE)
}

/** The logs routes. */
export const logRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/logs',
    operationId: 'apps_get_logs_active_deployment_aggregate',
    resolve: (ctx) => answer(ctx, { appId: ctx.params.app_id }),
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/components/{component_name}/logs',
    operationId: 'apps_get_logs_active_deployment',
    resolve: (ctx) => answer(ctx, { appId: ctx.params.app_id, component: ctx.params.component_name }),
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/deployments/{deployment_id}/logs',
    operationId: 'apps_get_logs_aggregate',
    resolve: (ctx) => answer(ctx, { appId: ctx.params.app_id, deploymentId: ctx.params.deployment_id }),
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/deployments/{deployment_id}/components/{component_name}/logs',
    operationId: 'apps_get_logs',
    resolve: (ctx) => answer(ctx, { appId: ctx.params.app_id, deploymentId: ctx.params.deployment_id, component: ctx.params.component_name }),
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/jobs/{job_name}/invocations/{job_invocation_id}/logs',
    operationId: 'apps_get_job_invocation_logs',
    resolve: (ctx) => {
      const backend = ctx.sim.backends.digitalocean
      const app = backend.app(ctx.params.app_id)
      const inv = backend.db.jobInvocations.findFirst((q) => q.where({ id: ctx.params.job_invocation_id, appId: app.id }))
      const deploymentId = ctx.url.searchParams.get('deployment_id') ?? inv?.deploymentId
      return answer(ctx, { appId: app.id, deploymentId: deploymentId || undefined, job: ctx.params.job_name, invocation: ctx.params.job_invocation_id }, ['JOB_INVOCATION'])
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/events/{event_id}/logs',
    operationId: 'apps_get_event_logs',
    resolve: (ctx) => {
      const backend = ctx.sim.backends.digitalocean
      const app = backend.app(ctx.params.app_id)
      const ev = backend.db.events.findFirst((q) => q.where({ id: ctx.params.event_id, appId: app.id }))
      return answer(ctx, { appId: app.id, deploymentId: ev?.deploymentId || undefined, event: ctx.params.event_id }, ['UNSPECIFIED', 'AUTOSCALE_EVENT'])
    },
  },
  {
    method: 'GET',
    path: LIVE_PATH,
    operationId: 'live_logs.stream',
    public: true,
    stream: true,
    resolve: (ctx) => {
      const token = ctx.url.searchParams.get('token')
      const { ticket, deployment } = ticketFor(ctx.sim, token)
      return stream((signal) => asText(liveLines(ctx.sim, ticket, deployment, signal)), ctx.signal, { expire: () => revokeLogUrl(ctx.sim, token, ticket) })
    },
  },
  {
    method: 'GET',
    path: ARCHIVE_PATH,
    operationId: 'log_archive.get',
    public: true,
    stream: true,
    resolve: async (ctx) => {
      const token = ctx.url.searchParams.get('token')
      const { ticket, deployment } = ticketFor(ctx.sim, token)
      // generated in windows, then written a chunk at a time with its whole length in the head (a stream fault acts on it as on a live stream, chunked)
      const chunks = await archiveChunks(ctx.sim.backends.digitalocean, ticket, deployment, ctx.signal)
      let length = 0
      for (const chunk of chunks) length += utf8Length(chunk)
      return stream(async function* () {
        yield* chunks
      }, ctx.signal, { length, expire: () => revokeLogUrl(ctx.sim, token, ticket) })
    },
  },
]
