/**
 * The logs endpoints: validate the query, find the deployment and component, and answer
 * `{live_url, historic_urls}` with signed, expiring URLs on the origin the client used.
 */
import { parseDuration } from '../../core/duration.js'
import { SimError } from '../../core/errors.js'
import type { DoAppRecord } from '../../state/digitalocean.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'
import { finiteEnd } from './log-content.js'
import { ARCHIVE_PATH, archiveTicketJson, LIVE_PATH, LOG_TYPES, LOG_URL_TTL_MS, MAX_POD_WAIT_MS, MAX_TICKET_TAIL, signFresh, type LogTicket, type LogType, type LogUrlRevocations } from './log-urls.js'

/** A logs request after the path is parsed. */
export interface LogsRequest {
  appId: string
  /** `undefined`: the active deployment. */
  deploymentId?: string
  component?: string
  job?: string
  invocation?: string
  event?: string
  query: URLSearchParams
}

const DEFAULT_POD_WAIT = 3 * 60_000

function bad(message: string): never {
  throw new SimError('bad_request', {}, message)
}

/** Reads `type`, `follow`, `tail_lines` and `pod_connection_timeout` as the API does. */
export function parseLogQuery(query: URLSearchParams, allowed: readonly LogType[]): Pick<LogTicket, 'type' | 'follow' | 'tail' | 'podWait'> {
  const type = query.get('type')
  if (!type) bad('type is required')
  if (!allowed.includes(type as LogType)) bad(`invalid type ${JSON.stringify(type)}: must be one of ${allowed.join(', ')}`)
  const follow = query.get('follow')
  if (follow !== null && !['true', 'false', '1', '0', ''].includes(follow.toLowerCase())) bad(`invalid follow ${JSON.stringify(follow)}: must be true or false`)
  const tail = query.get('tail_lines')
  if (tail !== null && tail !== '' && !/^-?\d+$/.test(tail)) bad(`invalid tail_lines ${JSON.stringify(tail)}: must be an integer`)
  const wait = query.get('pod_connection_timeout')
  const podWait = wait === null || wait === '' ? DEFAULT_POD_WAIT : parseDuration(wait)
  if (podWait === undefined) bad(`invalid pod_connection_timeout ${JSON.stringify(wait)}: must be a duration such as 3m`)
  return { type: type as LogType, follow: follow === 'true' || follow === '1', tail: tail === null || tail === '' ? -1 : Math.min(MAX_TICKET_TAIL, Math.max(-1, Number(tail))), podWait: Math.min(podWait, MAX_POD_WAIT_MS) }
}

/** Log types of the deployment and component endpoints. */
export const DEPLOYMENT_LOG_TYPES = LOG_TYPES.filter((t) => t !== 'JOB_INVOCATION')

function isLive(backend: DigitalOceanBackend, app: DoAppRecord, d: DeploymentView, ticket: LogTicket, now: number): boolean {
  switch (ticket.type) {
    case 'BUILD':
    case 'DEPLOY':
      return now < finiteEnd(backend, app, d, ticket)
    case 'JOB_INVOCATION':
    case 'AUTOSCALE_EVENT':
      return now < finiteEnd(backend, app, d, ticket)
    default:
      return d.state.phase === 'ACTIVE' || (d.timeline.activeAt === undefined && now < d.timeline.finishedAt)
  }
}

/** Resolves a logs request to its URLs on `origin`, signed with `key` (never a URL `revoked` names). */
export function logUrls(backend: DigitalOceanBackend, { origin, key, revoked }: { origin: string; key: Uint8Array; revoked?: LogUrlRevocations }, req: LogsRequest, allowed: readonly LogType[] = DEPLOYMENT_LOG_TYPES) {
  const app = backend.app(req.appId)
  const parsed = parseLogQuery(req.query, allowed)
  const d = req.deploymentId === undefined ? backend.activeDeployment(app) : backend.deployment(app, req.deploymentId)
  if (!d) throw new SimError('not_found')
  const component = req.component ?? req.query.get('component_name') ?? ''
  if (component !== '') backend.component(app, component)
  if (req.job !== undefined) {
    const job = backend.component(app, req.job)
    const inv = backend.db.jobInvocations.findFirst((q) => q.where({ id: req.invocation ?? '', appId: app.id, jobName: job.name }))
    if (!inv) throw new SimError('not_found')
  }
  if (req.event !== undefined && !backend.db.events.findFirst((q) => q.where({ id: req.event, appId: app.id }))) throw new SimError('not_found')
  const now = backend.now()
  const ticket: LogTicket = { app: app.id, deployment: d.record.id, component: component || (req.job ?? ''), ...parsed, expires: now + LOG_URL_TTL_MS, job: req.job, invocation: req.invocation, event: req.event }
  if (req.event !== undefined) ticket.type = parsed.type === 'UNSPECIFIED' ? 'AUTOSCALE_EVENT' : parsed.type
  const live = isLive(backend, app, d, ticket, now)
  const json = JSON.stringify(ticket)
  return {
    live_url: live ? `${origin}${LIVE_PATH}?token=${signFresh(key, json, revoked, () => ticket)}` : '',
    historic_urls: [`${origin}${ARCHIVE_PATH}?token=${signFresh(key, archiveTicketJson(json, now), revoked, () => ({ ...ticket, follow: false, upto: now }))}`],
  }
}

/**
 * The logs answer's body as JSON: the text `JSON.stringify(body)` gives, written directly (stringify
 * spends ten times as long on URLs joined from pieces). The paths and tokens are URL-safe; only an
 * origin (msw's, from the request) may hold a character JSON escapes, and then stringify writes it.
 */
export function logsJson(body: ReturnType<typeof logUrls>, origin: string): string {
  if (JSON.stringify(origin).length !== origin.length + 2) return JSON.stringify(body)
  return `{"live_url":"${body.live_url}","historic_urls":["${body.historic_urls.join('","')}"]}`
}
