/** What `paasim serve` prints: the banner for people, the ready JSON for scripts, and the request log. */
import { rename, writeFile } from 'node:fs/promises'
import type { JournalEntry } from '../http/journal.js'
import type { SimRequest } from '../http/sim-request.js'
import { DEFAULT_TOKEN } from '../http/tokens.js'
import type { RunningServer } from '../transports/server.js'
import type { ServeArgs } from './serve.js'

/** The one JSON line `paasim serve --json` prints (and `--ready-file` holds) once listening. */
export interface ServeReady {
  url: string
  host: string
  port: number
  /** Tokens with every scope (the first is the one the banner shows). */
  tokens: string[]
  /** DigitalOcean tokens with only some scopes (`--scoped-token`). */
  scopedTokens: Array<{ token: string; scopes: string[] }>
  /** The self-signed certificate with `--tls` (for `NODE_EXTRA_CA_CERTS`), else null. */
  certFile: string | null
  /** Base of the control routes with `--control`, else null. */
  controlUrl: string | null
  /** The console page with `--control` (with `?token=` when the first token is not the default), else null. */
  consoleUrl: string | null
  /** DigitalOcean clients' base URL (Akkeris clients use `url`). */
  digitaloceanUrl: string
  seed: number
  fixture: string | null
  clock: string
  pid: number
}

/** The ready information of a listening server. */
export function readyInfo(server: RunningServer, args: ServeArgs): ServeReady {
  const tokens = args.tokens ?? [DEFAULT_TOKEN]
  return {
    url: server.url,
    host: server.host,
    port: server.port,
    tokens: tokens.filter((t): t is string => typeof t === 'string'),
    scopedTokens: tokens.flatMap((t) => (typeof t === 'string' ? [] : [{ token: t.token, scopes: t.scopes ?? [] }])),
    certFile: server.certFile ?? null,
    controlUrl: args.control ? `${server.url}/__paasim` : null,
    consoleUrl: args.control ? consoleUrl(server.url, tokens.find((t): t is string => typeof t === 'string')) : null,
    digitaloceanUrl: `${server.url}/v2`,
    seed: args.seed,
    fixture: args.fixture ?? null,
    clock: args.clock,
    pid: process.pid,
  }
}

/** The console's address; a token other than the default rides along for the page's API calls. */
function consoleUrl(url: string, token: string | undefined): string {
  return `${url}/__paasim/ui/${token && token !== DEFAULT_TOKEN ? `?token=${encodeURIComponent(token)}` : ''}`
}

/** Writes the ready JSON so that a reader never sees half of it (written beside, then renamed). */
export async function writeReadyFile(path: string, ready: ServeReady): Promise<void> {
  const partial = `${path}.${process.pid}.partial`
  await writeFile(partial, `${JSON.stringify(ready)}\n`)
  await rename(partial, path)
}

/**
 * One request-log line: `2026-01-01T00:00:00.000Z GET /v2/apps apps_list 200 3ms`, plus
 * `fault #2 reset` when a fault rule hit it (its id and kind); with `json`, the same as one JSON object. The time is
 * the simulated clock's (the wall clock with `--clock real`); the duration is real time to the
 * answer's head (a stream's body may flow long after).
 */
export function requestLogLine(entry: JournalEntry, request: SimRequest, json: boolean): string {
  const durationMs = request.receivedAt === undefined ? null : Math.round((performance.now() - request.receivedAt) * 10) / 10
  if (json) return JSON.stringify({ time: entry.at, method: entry.method, path: entry.path, operation: entry.operationId, status: entry.status, durationMs, fault: entry.fault ?? null, faultKind: entry.faultKind ?? null })
  const fault = entry.fault === undefined ? '' : ` fault #${entry.fault} ${entry.faultKind}`
  return `${entry.at} ${entry.method} ${entry.path} ${entry.operationId ?? '-'} ${entry.status} ${durationMs === null ? '-' : `${durationMs}ms`}${fault}`
}

/**
 * How to point the official Akkeris CLI here. It keeps only the host of `AKKERIS_API_HOST` (a
 * scheme makes it drop the port too) and always speaks https, reads the token from `API_TOKEN`,
 * and asks for a profile interactively unless `AKKERIS_AUTH_HOST` is set as well.
 */
function akkerisCliHint(url: string, token: string, certFile: string | null, app: string): string[] {
  if (!certFile) return ['  (the official CLI, aka, speaks https only: start with --tls to use it)']
  const host = new URL(url).host
  return [`  export AKKERIS_API_HOST=${host} AKKERIS_AUTH_HOST=${host} API_TOKEN=${token} NODE_EXTRA_CA_CERTS=${certFile}`, `  aka apps; aka builds:output -a ${app} -t; aka logs -a ${app} -t`]
}

/** The banner for people: where the world is, the token, and requests to paste. */
export function banner(ready: ServeReady, args: ServeArgs, logging: boolean, app = 'api-default', doApp = '<app id>'): string {
  const { url, certFile } = ready
  const token = ready.tokens[0] ?? DEFAULT_TOKEN
  const curl = `curl${certFile ? ` --cacert ${certFile}` : ''} -H "Authorization: Bearer ${token}"`
  return [
    `paasim is serving a simulated world at ${url}`,
    `  seed ${args.seed}, ${args.fixture ? `fixture ${args.fixture}` : 'default world'}, clock ${args.clock}${args.speed ? ` x${args.speed}` : ''}${args.control ? ', control routes at /__paasim' : ''}${rateLimitNote(args)}`,
    `  token: ${token}${token === DEFAULT_TOKEN ? ' (default; choose your own with --token)' : ''}`,
    ...ready.scopedTokens.map((t) => `  scoped token: ${t.token} (${t.scopes.join(', ') || 'no scope'})`),
    ...(certFile ? [`  certificate: ${certFile}`, `    export NODE_EXTRA_CA_CERTS=${certFile}`] : []),
    ...(ready.consoleUrl ? [`  console: ${ready.consoleUrl}`] : []),
    '',
    'Akkeris (at the root of this origin):',
    ...akkerisCliHint(url, token, certFile, app),
    `  ${curl} ${url}/apps`,
    `  ${curl} ${url}/apps/${app}/builds`,
    `  ${curl} -X POST -H 'Content-Type: application/json' -d '{"lines":50,"tail":true}' ${url}/apps/${app}/log-sessions`,
    `  ${curl} '${url}/apps/${app}/metrics?resolution=10m'`,
    '',
    'DigitalOcean App Platform (paths under /v2):',
    `  doctl apps list -u ${url} -t ${token}`,
    `  doctl apps logs ${doApp} --type run --follow -u ${url} -t ${token}`,
    `  ${curl} ${url}/v2/apps`,
    `  ${curl} '${url}/v2/apps/${doApp}/logs?type=RUN&tail_lines=20'`,
    '',
    `Press Ctrl-C to stop.${logging ? ' Requests are logged below (--no-log turns that off).' : ''}`,
  ].join('\n')
}

/** The banner's note on the DigitalOcean rate limit, when `--rate-limit` was given. */
function rateLimitNote(args: ServeArgs): string {
  const limit = args.rateLimit
  if (!limit) return ''
  return limit.off ? ', DigitalOcean rate limit off' : `, DigitalOcean rate limit ${limit.hourly}/h, ${limit.burst}/min`
}
