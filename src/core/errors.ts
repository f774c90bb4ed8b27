/** The one error type the state side throws; each provider renders it in its own wire format. */

/** Error codes understood by the providers' renderers. */
export type SimErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'app_not_found'
  | 'build_not_found'
  | 'site_not_found'
  | 'session_not_found'
  | 'dyno_not_found'
  | 'dyno_type_not_found'
  | 'release_not_found'
  | 'space_not_found'
  | 'drain_url_missing'
  | 'drain_exists'
  | 'invalid_uuid'
  | 'invalid_lines'
  | 'lines_too_large'
  | 'invalid_resolution'
  | 'too_many_points'
  | 'malformed_json'
  | 'payload_too_large'
  | 'bad_request'
  | 'rate_limited'
  | 'unavailable'
  | 'server_error'

/** A domain failure with a code and the values its message needs. */
export class SimError extends Error {
  readonly code: SimErrorCode
  readonly details: Record<string, string | number>

  constructor(code: SimErrorCode, details: Record<string, string | number> = {}, message?: string) {
    super(message ?? code)
    this.name = 'SimError'
    this.code = code
    this.details = details
  }
}

/** True when `err` is a {@link SimError}. */
export function isSimError(err: unknown): err is SimError {
  return err instanceof SimError
}

/**
 * The reason a stream is stopped with when its client has gone or its producer ended: one shared
 * value, since `abort()` without one makes a DOMException with a stack trace each time (a thousand
 * clients leaving at once spent tens of milliseconds making them).
 */
export const STREAM_STOPPED = new DOMException('The stream was stopped', 'AbortError')
