/**
 * Signed log URLs. The live URL and the archive (historic) URLs carry everything in a signed,
 * expiring token — the URL is the credential, as DigitalOcean's pre-signed URLs are.
 */
import { fromBase64, textToBase64, utf8Decode } from '../../core/bytes.js'
import { sameText, sign } from '../../core/secrets.js'

/** Log types of the logs endpoints. */
export const LOG_TYPES = ['UNSPECIFIED', 'BUILD', 'DEPLOY', 'RUN', 'RUN_RESTARTED', 'AUTOSCALE_EVENT', 'JOB_INVOCATION'] as const
export type LogType = (typeof LOG_TYPES)[number]

/** What a log URL grants. */
export interface LogTicket {
  app: string
  deployment: string
  /** Component, or '' for every component. */
  component: string
  type: LogType
  follow: boolean
  /** Last N lines; -1 for all. */
  tail: number
  /** Wait this long for an instance (ms), from `pod_connection_timeout`. */
  podWait: number
  /** Expiry (simulated epoch ms). */
  expires: number
  /** Archives: the content as of this time. */
  upto?: number
  job?: string
  invocation?: string
  event?: string
  /** Reissue number: set only when the same ticket's URL was revoked (an `expire` fault), so the new URL differs. */
  n?: number
}

/**
 * The largest `tail_lines` honoured: larger asks get this many lines, as many as `-1` ("all") gives
 * for RUN logs. One archive of a million lines would hold the event loop for seconds.
 */
export const MAX_TICKET_TAIL = 1000
/** The longest `pod_connection_timeout` a ticket may hold (ms). */
export const MAX_POD_WAIT_MS = 24 * 3600_000

/** How long a log URL stays valid. */
export const LOG_URL_TTL_MS = 15 * 60_000

/** Signs a ticket into a URL-safe token (`<base64url JSON>.<HMAC-SHA256>`). */
export function signTicket(key: Uint8Array, ticket: LogTicket): string {
  return signJson(key, JSON.stringify(ticket))
}

/** Signs a ticket's JSON into a token. */
function signJson(key: Uint8Array, json: string): string {
  const payload = textToBase64(json, true)
  return `${payload}.${sign(key, payload)}`
}

/**
 * The JSON of an archive's ticket, written from the JSON of the live ticket it is issued beside:
 * the same text `JSON.stringify({ ...ticket, follow: false, upto })` gives (the key order kept,
 * `upto` last), without copying and writing the ticket again for every logs request. A value never
 * holds `"follow":` (its quotes would be escaped), so the first one is the key.
 */
export function archiveTicketJson(liveJson: string, upto: number): string {
  return `${liveJson.replace('"follow":true,', '"follow":false,').slice(0, -1)},"upto":${upto}}`
}

/**
 * Log URLs made invalid before their time by an `expire` fault. Kept until they would have expired
 * anyway (then the expiry check refuses them), so the set stays as small as the live URLs.
 */
export class LogUrlRevocations {
  #tokens = new Map<string, number>()

  /** Whether `token` was revoked. */
  has(token: string): boolean {
    // most worlds revoke nothing: then the token (hundreds of characters) is not hashed for the look-up
    return this.#tokens.size !== 0 && this.#tokens.has(token)
  }

  /** Revokes `token` (valid until `expires`); forgets revocations past their expiry at `now`. */
  revoke(token: string, expires: number, now: number): void {
    for (const [t, until] of this.#tokens) if (until < now) this.#tokens.delete(t)
    this.#tokens.set(token, expires)
  }

  /** Forgets every revocation (on reset). */
  clear(): void {
    this.#tokens.clear()
  }
}

/**
 * Signs a ticket, given as its JSON, into a token no revocation names: the same ticket reissued
 * after an `expire` gets a new URL (the ticket itself is asked for only then).
 */
export function signFresh(key: Uint8Array, json: string, revoked: LogUrlRevocations | undefined, ticket: () => LogTicket): string {
  let token = signJson(key, json)
  for (let n = 1; revoked?.has(token); n++) token = signTicket(key, { ...ticket(), n })
  return token
}

/** The longest token read (a real one is well under 1 KiB). */
const MAX_TOKEN = 4096

const isId = (v: unknown): v is string => typeof v === 'string' && v.length <= 200
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

/** Whether every field of a decoded ticket has the type and range paasim writes (a forged one never reaches the producers). */
function isTicket(t: unknown): t is LogTicket {
  if (t === null || typeof t !== 'object' || Array.isArray(t)) return false
  const v = t as Record<string, unknown>
  return (
    isId(v.app) && isId(v.deployment) && isId(v.component) &&
    (LOG_TYPES as readonly unknown[]).includes(v.type) &&
    typeof v.follow === 'boolean' &&
    Number.isSafeInteger(v.tail) && (v.tail as number) >= -1 && (v.tail as number) <= MAX_TICKET_TAIL &&
    Number.isSafeInteger(v.podWait) && (v.podWait as number) >= 0 && (v.podWait as number) <= MAX_POD_WAIT_MS &&
    isTime(v.expires) &&
    (v.upto === undefined || isTime(v.upto)) &&
    (v.job === undefined || isId(v.job)) && (v.invocation === undefined || isId(v.invocation)) && (v.event === undefined || isId(v.event)) &&
    (v.n === undefined || (Number.isSafeInteger(v.n) && (v.n as number) >= 1 && (v.n as number) <= 1_000_000))
  )
}

/** The ticket in a token, or `undefined` if it was tampered with, is malformed, or holds a field paasim never writes. */
export function readTicket(key: Uint8Array, token: string | null): LogTicket | undefined {
  if (!token || token.length > MAX_TOKEN) return undefined
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return undefined
  const payload = token.slice(0, dot)
  if (!sameText(sign(key, payload), token.slice(dot + 1))) return undefined
  try {
    const ticket: unknown = JSON.parse(utf8Decode(fromBase64(payload)))
    return isTicket(ticket) ? ticket : undefined
  } catch {
    return undefined
  }
}

/** Path of the live stream (WebSocket or chunked HTTP). */
export const LIVE_PATH = '/v2/live-logs'
/** Path of archived (historic) logs. */
export const ARCHIVE_PATH = '/v2/log-archive'
