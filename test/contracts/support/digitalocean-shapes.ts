/**
 * DigitalOcean App Platform wire objects as Pact matchers: exact field names, error ids and
 * messages, header names and constants; matchers for what varies between accounts (uuids,
 * RFC 3339 times, integer strings, log URLs).
 * @see ../../../../shared/reference/digitalocean.md
 */
import { M, stringMatching } from './consumer.js'

/** Example values (fixed so the contract file is deterministic; real values come from provider states). */
export const EX = {
  appId: '4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf',
  idleAppId: 'c2a93513-8d9b-4223-9d61-5e7272c81cf5',
  deploymentId: '3aa4d20e-5527-4c00-b496-601fbd22520a',
  invocationId: 'ba32b134-569c-4c0c-ba02-8ffdb0492ece',
  eventId: '9b2cf0d3-51b0-4a64-a0b1-7e2f8d4c6a10',
  projectId: '88b72d1a-b78a-4d9f-9090-b53c4399073f',
  requestId: '4d9d8375-3c56-4925-a3e7-eed06f1d8d7f',
  missing: '00000000-0000-4000-8000-000000000000',
  time: '2026-01-01T00:00:00Z',
  start: '1767222000',
  end: '1767225600',
}

/** An RFC 3339 time, with or without fractional seconds (App Platform writes both). */
export const RFC3339 = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$'
/** A non-negative integer written as a string (headers, `bandwidth_bytes`). */
export const INT_STRING = '^[0-9]+$'
/** A number written as a string (metric sample values). */
export const NUMBER_STRING = '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$'
/** App Platform app names. */
export const APP_NAME = '^[a-z][a-z0-9-]{0,30}[a-z0-9]$'
const URL = '^https?://\\S+$'
/** A live-logs URL: doctl opens it as a WebSocket, mapping http→ws and everything else →wss. */
const LIVE_URL = '^(https?|wss?)://\\S+$'
const PHASE = '^(UNKNOWN|PENDING_BUILD|BUILDING|PENDING_DEPLOY|DEPLOYING|ACTIVE|SUPERSEDED|ERROR|CANCELED)$'
const STEP_STATUS = '^(UNKNOWN|PENDING|RUNNING|ERROR|SUCCESS)$'

const time = (example = EX.time) => M.regex(RFC3339, example)
const LIVE_EXAMPLE = 'https://api.digitalocean.com/v2/live-logs?token=eyJhcHAiOiI0ZjZjNzFlMiJ9.72e11b5b4494aed5'
const ARCHIVE_EXAMPLE = 'https://api.digitalocean.com/v2/log-archive?token=eyJhcHAiOiI0ZjZjNzFlMiJ9.937e374364b44b28'

/** `ratelimit-*` on every response, errors included; values vary, names do not. */
export const RATE_LIMIT_HEADERS = {
  'ratelimit-limit': M.regex(INT_STRING, '5000'),
  'ratelimit-remaining': M.regex(INT_STRING, '4999'),
  'ratelimit-reset': M.regex(INT_STRING, '1767229200'),
}
/** Headers of every JSON answer. */
export const OK_HEADERS = { 'Content-Type': M.regex('^application/json(;.*)?$', 'application/json; charset=utf-8'), ...RATE_LIMIT_HEADERS }
/** Headers of an error answer: the request id travels in `x-request-id` too. */
export const ERROR_HEADERS = { ...OK_HEADERS, 'x-request-id': M.regex('^\\S+$', EX.requestId) }
/** Headers of a 429 once the hourly window is used up. */
export const LIMITED_HEADERS = { ...ERROR_HEADERS, 'ratelimit-remaining': '0' }
/** Headers of a 429 over the burst limit: `retry-after` in whole seconds. */
export const BURST_HEADERS = { ...LIMITED_HEADERS, 'retry-after': M.regex(INT_STRING, '60') }

/** The error body: exact `id` and `message`, any `request_id`. */
const errorBody = (id: string, message: string) => ({ id, message, request_id: M.like(EX.requestId) })

/** The documented error bodies. */
export const ERRORS = {
  unauthorized: errorBody('unauthorized', 'Unable to authenticate you.'),
  forbidden: errorBody('forbidden', 'You do not have access for the attempted action.'),
  notFound: errorBody('not_found', 'The resource you requested could not be found.'),
  tooManyRequests: errorBody('too_many_requests', 'API Rate limit exceeded.'),
}

/** A deployment; `phase` as given (any documented phase by default). `services` holds because the states' apps have one. */
export const deploymentShape = (phase: unknown = M.regex(PHASE, 'ACTIVE')) => ({
  id: M.uuid(EX.deploymentId),
  spec: { name: M.regex(APP_NAME, 'sample-app') },
  services: M.eachLike({ name: M.like('web') }),
  phase,
  progress: {
    pending_steps: M.integer(0),
    running_steps: M.integer(0),
    success_steps: M.integer(9),
    error_steps: M.integer(0),
    total_steps: M.integer(9),
    steps: M.eachLike({ name: M.like('build'), status: M.regex(STEP_STATUS, 'SUCCESS') }),
  },
  cause: M.like('app creation'),
  created_at: time(),
  updated_at: time('2026-01-01T00:03:29.669Z'),
  phase_last_updated_at: time('2026-01-01T00:03:29.669Z'),
})

/** An app as every app of a list has it (some apps have no service or no active deployment). */
export const appSummaryShape = () => ({
  id: M.uuid(EX.appId),
  owner_uuid: M.like('ff36cbc6fd350fe12577f5123133bb5ba01a2419'),
  spec: { name: M.regex(APP_NAME, 'sample-app') },
  created_at: time(),
  updated_at: time(),
  region: { slug: M.like('nyc') },
})

/** An app with a service and an active deployment, as `GET /v2/apps/{id}` answers it. */
export const appShape = () => {
  const summary = appSummaryShape()
  return {
    ...summary,
    spec: { ...summary.spec, services: M.eachLike({ name: M.like('web') }) },
    default_ingress: M.regex(URL, 'https://sample-app-b2dc8.ondigitalocean.app'),
    live_url: M.regex(URL, 'https://sample-app-b2dc8.ondigitalocean.app'),
    active_deployment: deploymentShape('ACTIVE'),
    last_deployment_created_at: time(),
    region: { slug: M.like('nyc'), label: M.like('New York'), flag: M.like('usa'), continent: M.like('North America'), data_centers: M.eachLike('nyc1') },
    project_id: M.uuid(EX.projectId),
  }
}

/** `links.pages` on page 2 of a `per_page=1` list with more pages after it. */
export const middlePageLinks = (path: string) => {
  const link = (page: string, example: number) => M.regex(`^https?://[^/]+${path}\\?(\\S*&)?page=${page}(&\\S*)?$`, `https://api.digitalocean.com${path}?page=${example}&per_page=1`)
  return { pages: { first: link('1', 1), prev: link('1', 1), next: link('3', 3), last: link('[0-9]+', 3) } }
}

/** `app_health`: one entry per service and worker. */
export const healthShape = () => ({
  app_health: {
    components: M.eachLike({
      name: M.like('web'),
      cpu_usage_percent: M.number(3.53),
      memory_usage_percent: M.number(25.82),
      replicas_desired: M.integer(2),
      replicas_ready: M.integer(2),
      state: M.regex('^(UNKNOWN|HEALTHY|UNHEALTHY)$', 'HEALTHY'),
    }),
  },
})

/** Running instances. */
export const instancesShape = () => ({
  instances: M.eachLike({
    component_name: M.like('web'),
    component_type: M.regex('^(SERVICE|WORKER|JOB)$', 'SERVICE'),
    instance_name: M.like('web-728j5lnlcq-zttwl'),
    instance_alias: M.like('web-0'),
  }),
})

/** Daily bandwidth: bytes as a decimal string, the day as an RFC 3339 time. */
export const bandwidthShape = () => ({
  app_bandwidth_usage: M.eachLike({ app_id: M.uuid(EX.appId), bandwidth_bytes: stringMatching(INT_STRING, '837267840') }),
  date: time(),
})

/** Logs of something still running: a live URL, and perhaps archives. */
export const liveLogsShape = () => ({
  live_url: M.regex(LIVE_URL, LIVE_EXAMPLE),
  historic_urls: M.atLeastLike(M.regex(URL, ARCHIVE_EXAMPLE), 0, 1),
})

/** Logs of something finished: archives, and a live URL that may be empty. */
export const finishedLogsShape = () => ({
  live_url: M.regex('^((https?|wss?)://\\S+)?$', ''),
  historic_urls: M.eachLike(M.regex(URL, ARCHIVE_EXAMPLE)),
})

/** One App Platform log line: `<component> <RFC 3339 UTC time, up to nanoseconds> <message>`. */
export const LOG_LINE = '[a-z0-9][a-z0-9-]* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z [^\\n]*'

/** A Prometheus-style matrix: one series per component instance, `[unix seconds, "value"]` pairs. */
export const metricMatrixShape = (sample: string) => ({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: M.eachLike({
      metric: { app_component: M.like('web'), app_component_instance: M.like('web-0'), app_uuid: M.uuid(EX.appId) },
      values: M.eachLike([M.integer(Number(EX.start)), stringMatching(NUMBER_STRING, sample)]),
    }),
  },
})
