/**
 * Akkeris wire objects as Pact matchers: exact field names, matchers for what varies between
 * accounts (ids, times, names), regexes for documented formats.
 * @see ../../../../shared/reference/akkeris.md#objects
 */
import { M, stringMatching } from './consumer.js'

/** Example ids (fixed so the contract file is deterministic). */
export const EX = {
  appId: '3f6c2a1e-9b7d-4c2e-8a1f-5d4e3c2b1a00',
  buildId: '8e1f7a2b-4c3d-4e5f-9a6b-7c8d9e0f1a2b',
  sessionId: '0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e',
  siteId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  otherId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  releaseId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
  drainId: '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901',
  time: '2026-01-01T00:00:00.000Z',
}

/** `<name>-<space>`. */
export const APP_KEY = '^[A-Za-z0-9]+-[A-Za-z0-9-]+$'
const RESULT_URL = '^https?://[^/]+/apps/[A-Za-z0-9]+-[A-Za-z0-9-]+/builds/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/result$'

/** An ISO-8601 UTC time with milliseconds, as Akkeris writes `created_at`. */
export const isoTime = () => M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", EX.time)
const id = (example = EX.otherId) => M.uuid(example)
const ref = (name: string) => ({ id: id(), name: M.like(name) })

/** The app object. `preview`, `released_at` and `space.compliance` vary in type or length between apps, so they are not pinned. */
export const appShape = () => ({
  archived_at: M.nullValue(),
  buildpack_provided_description: M.like('Node.js'),
  build_stack: ref('ds1'),
  created_at: isoTime(),
  description: M.like('The public API'),
  formation: M.eachLike({ id: id(), type: M.like('web'), quantity: M.integer(1), size: M.like('gp2') }),
  git_branch: M.like('main'),
  git_url: M.like('https://github.com/acme/api'),
  id: id(EX.appId),
  key: M.regex(APP_KEY, 'api-default'),
  labels: M.like(''),
  maintenance: M.boolean(false),
  name: M.regex(APP_KEY, 'api-default'),
  organization: ref('acme'),
  owner: { email: M.like('owner@example.com'), id: id() },
  region: ref('us-seattle'),
  repo_size: M.integer(1048576),
  simple_name: M.regex('^[A-Za-z0-9]+$', 'api'),
  slug_size: M.integer(52428800),
  space: { id: id(), name: M.like('default') },
  stack: ref('ds1'),
  updated_at: isoTime(),
  web_url: M.regex('^https?://\\S+$', 'https://api-default.akkeris.io/'),
})

/** A formation object (`command`, `port` and `healthcheck` differ between web and other types, so they are not pinned). */
export const formationShape = () => ({
  app: { name: M.regex(APP_KEY, 'api-default'), id: id(EX.appId) },
  created_at: isoTime(),
  id: id(),
  quantity: M.integer(1),
  size: M.like('gp2'),
  type: M.like('web'),
  updated_at: isoTime(),
})

/** The build object; `status` as given (a regex over the documented statuses by default). */
export const buildShape = (status: unknown = M.regex('^(queued|pending|failed|succeeded|unknown)$', 'succeeded')) => ({
  app: { id: id(EX.appId) },
  buildpacks: M.nullValue(),
  created_at: isoTime(),
  id: id(EX.buildId),
  output_stream_url: M.regex(RESULT_URL, `https://apps.akkeris.io/apps/api-default/builds/${EX.buildId}/result`),
  release: M.nullValue(),
  slug: { id: id(), number: stringMatching('^[0-9]+$', '1') }, // a string, "0" until a build number exists
  source_blob: {
    checksum: M.like('sha256:0f'),
    url: M.like(''),
    version: M.like(''),
    commit: M.regex('^[0-9a-f]{7,40}$', '0123456789abcdef0123456789abcdef01234567'),
    author: M.like('dev@example.com'),
    repo: M.like('https://github.com/acme/api'),
    message: M.like('Fix the thing'),
  },
  status,
  updated_at: isoTime(),
  user: { id: id(), email: M.like('') },
})

/** The build result object; real Akkeris omits `build.id` (a bug the simulator does not copy), so it is not pinned. */
export const buildResultShape = (status: unknown, lines: unknown) => ({
  build: { status, output_stream_url: buildShape().output_stream_url },
  lines,
})

/** The log-session object (201). */
export const logSessionShape = () => ({
  created_at: isoTime(),
  updated_at: isoTime(),
  id: id(EX.sessionId),
  logplex_url: M.regex('^https?://\\S+$', `https://apps.akkeris.io/log-sessions/${EX.sessionId}`),
})

/** The site object (`compliance` varies in length, so it is not pinned). */
export const siteShape = () => ({
  id: id(EX.siteId),
  domain: M.like('www.example-shop.io'),
  region: ref('us-seattle'),
  description: M.like('The shop'),
  labels: M.like(''),
  created_at: isoTime(),
  updated_at: isoTime(),
})

/** The ten metric keys present for every dyno type. */
export const METRIC_KEYS = [
  'memory_usage_bytes',
  'memory_cache',
  'memory_rss',
  'memory_working_set_bytes',
  'cpu_user_seconds_total',
  'cpu_usage_seconds_total',
  'cpu_system_seconds_total',
  'network_receive_bytes_total',
  'network_transmit_bytes_total',
  'fs_usage_bytes',
] as const

/** Unix seconds as a string (a sample key). */
export const SAMPLE_KEY = '^[0-9]+$'
/** A number as a string (a sample value). */
export const SAMPLE_VALUE = '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$'

/** One series: `{ "<unix seconds>": "<number>" }`, possibly empty. */
export const seriesShape = () => M.eachKeyMatches({ '1767225000': '104857600' }, M.regex(SAMPLE_KEY, '1767225000'))

/** One Akkeris log line as the official CLI parses it: `<ts> <app> <source>: <message>`. */
export const LOG_LINE =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z [A-Za-z0-9]+-[A-Za-z0-9-]+ (app\\[[A-Za-z0-9_-]+\\.[a-z0-9]+-[a-z0-9]+\\]|akkeris/router|akkeris/build|akkeris/event): [^\\n]*'

/** A dyno (controller key order); `release` may be nulls before the first release, so it is typed loosely. */
export const dynoShape = () => ({
  attach_url: '',
  created_at: M.regex('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$', '2026-01-01T00:00:06Z'),
  id: id(),
  name: M.regex('^[0-9a-z]+-[0-9a-z]+$', '5d8f6b9c7-x2x7z'),
  release: { id: id(), version: M.integer(1) },
  app: { name: M.regex(APP_KEY, 'api-default'), id: id(EX.appId) },
  size: M.like('gp2'),
  state: M.regex('^(pending|running|succeeded|failed|unknown|stopping|start-failure|app-crashed|probe-failure)$', 'running'),
  ready: M.boolean(true),
  restarts: M.integer(0),
  type: M.like('web'),
  updated_at: M.regex('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$', '2026-01-01T00:00:06Z'),
  additional_info: M.like(''),
})

/** A release; `slug.id` is the released build's id (clients join them on it). */
export const releaseShape = () => ({
  app: { id: id(EX.appId), name: M.regex(APP_KEY, 'api-default') },
  created_at: isoTime(),
  description: M.like(`Auto-Deploy ${EX.buildId.slice(0, 8)}`),
  slug: { id: id(EX.buildId) },
  id: id(EX.releaseId),
  status: M.regex('^(queued|pending|succeeded|failed|unknown)$', 'succeeded'),
  state: M.regex('^(success|pending|failure|error)$', 'success'),
  user: { id: id(), email: M.like('') },
  version: M.integer(1),
  current: M.boolean(true),
})

/** The account of the token's user. */
export const accountShape = () => ({
  allow_tracking: M.boolean(true),
  beta: M.boolean(false),
  created_at: isoTime(),
  email: M.regex('^\\S+@\\S+$', 'jane.doe@example.com'),
  id: id(),
  last_login: isoTime(),
  name: M.like('Jane Doe'),
  sms_number: M.like(''),
  elevated_access: M.boolean(false),
  suspended_at: M.nullValue(),
  delinquent_at: M.nullValue(),
  two_factor_authentication: M.boolean(false),
  updated_at: isoTime(),
  verified: M.boolean(true),
})

/** A space; `apps` is a count sent as a string. */
export const spaceShape = () => ({
  compliance: M.like([]),
  created_at: isoTime(),
  id: id(),
  name: M.like('default'),
  region: ref('us-seattle'),
  stack: ref('ds1'),
  state: 'allocated',
  apps: stringMatching('^[0-9]+$', '1'),
  updated_at: isoTime(),
})

/** A log drain (logshuttle's object: empty addon, Go fractional timestamps). */
export const drainShape = (url = 'syslog+tls://127.0.0.1:9') => ({
  addon: { id: '', name: '' },
  created_at: M.regex('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$', '2026-01-01T00:00:00.123456Z'),
  id: id(EX.drainId),
  token: M.regex(APP_KEY, 'api-default'),
  updated_at: M.regex('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$', '2026-01-01T00:00:00.123456Z'),
  url: M.like(url),
})
