/**
 * Signed log URLs. The live URL and the archive (historic) URLs carry everything in a signed,
 * expiring token — the URL is the credential, as DigitalOcean's pre-signed URLs are.
 */
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../core/bytes.js'
import { hash32 } from '../../core/random.js'

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
}

/** How long a log URL stays valid. */
export const LOG_URL_TTL_MS = 15 * 60_000

function signature(secret: number, payload: string): string {
  return hash32(secret, payload).toString(16).padStart(8, '0') + hash32(payload, secret, 'b').toString(16).padStart(8, '0')
}

/** The secret of a world's log URLs. */
export function logUrlSecret(seed: number): number {
  return hash32(seed, 'log-url-secret')
}

/** Signs a ticket into a URL-safe token. */
export function signTicket(secret: number, ticket: LogTicket): string {
  const payload = toBase64(utf8Encode(JSON.stringify(ticket)), true)
  return `${payload}.${signature(secret, payload)}`
}

/** The ticket in a token, or `undefined` if it was tampered with or is malformed. */
export function readTicket(secret: number, token: string | null): LogTicket | undefined {
  if (!token) return undefined
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return undefined
  const payload = token.slice(0, dot)
  if (signature(secret, payload) !== token.slice(dot + 1)) return undefined
  try {
    return JSON.parse(utf8Decode(fromBase64(payload))) as LogTicket
  } catch {
    return undefined
  }
}

/** Path of the live stream (WebSocket or chunked HTTP). */
export const LIVE_PATH = '/v2/live-logs'
/** Path of archived (historic) logs. */
export const ARCHIVE_PATH = '/v2/log-archive'
