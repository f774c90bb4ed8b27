/**
 * Akkeris' error wire format: the plain message text as the body while the header still says
 * `application/json`, plus the constant `RateLimit-Remaining: 2400`.
 * @see ../../../../shared/reference/akkeris.md#errors-real-wire-format
 */
import type { SimError } from '../../core/errors.js'
import { bytes, empty, type SimResponse } from '../../http/respond.js'

const JSON_TYPE = 'application/json'

/** The header Akkeris sends on every normal and error response. */
export const RATE_LIMIT_HEADER = ['RateLimit-Remaining', '2400'] as const

/** Status and text of each domain error. */
function describe(err: SimError): [number, string, string] | [404, null, null] {
  const d = err.details
  switch (err.code) {
    case 'app_not_found':
      return [404, `The specified application ${d.app} does not exist.`, JSON_TYPE]
    case 'build_not_found':
      return [404, `The specified build ${d.build} was not found.`, JSON_TYPE]
    case 'site_not_found':
      return [404, `The specified site ${d.site} does not exist.`, JSON_TYPE]
    case 'dyno_not_found':
      return [404, 'The specified dyno was not found.', JSON_TYPE]
    case 'dyno_type_not_found':
      return [404, `The dyno type ${d.type} was not found.`, JSON_TYPE]
    case 'release_not_found':
      return [404, `The specified release ${d.release} was not found.`, JSON_TYPE]
    case 'space_not_found':
      return [404, `The specified space ${d.space} does not exist.`, JSON_TYPE]
    case 'drain_url_missing':
      return [400, 'The request did not include a "url" parameter.', JSON_TYPE]
    case 'drain_exists':
      return [400, `The requested log drain already exists on this ${d.target}.`, JSON_TYPE]
    case 'invalid_uuid':
      return [422, 'The specified uuid was invalid.', JSON_TYPE]
    case 'invalid_lines':
      return [422, 'The specified lines was either not a number or less than 1.', JSON_TYPE]
    case 'lines_too_large':
      return [422, 'The specified lines field was larger than allowed (250 is the maximum).', JSON_TYPE]
    case 'invalid_resolution':
      return [400, 'Invalid request, resolution must be [0-9][resolution]', JSON_TYPE]
    case 'too_many_points':
      return [400, `Invalid request, the window holds more than ${d.max} samples at this resolution`, JSON_TYPE]
    case 'malformed_json':
      return [400, err.message, JSON_TYPE]
    case 'bad_request': // a request the HTTP parser refused (`details.status`: 408, 413, 431)
      return [Number(d.status ?? 400), err.message, JSON_TYPE]
    case 'payload_too_large':
      return [413, 'request entity too large', JSON_TYPE]
    case 'unauthorized':
      return [401, 'Unauthorized', 'text/plain']
    case 'forbidden':
      return [403, 'Forbidden', JSON_TYPE]
    case 'unavailable':
      return [503, 'Service Unavailable Error', JSON_TYPE]
    case 'session_not_found':
    case 'not_found':
      return [404, null, null]
    default:
      return [500, 'Internal Server Error', JSON_TYPE]
  }
}

/** Renders a domain error the way Akkeris does. */
export function renderAkkerisError(err: SimError): SimResponse {
  const [status, text, type] = describe(err)
  if (text === null) return empty(404)
  return bytes(text, type, { status })
}

/** Texts for injected faults by status. */
export function renderAkkerisFault(status: number): SimResponse {
  const texts: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable Error',
    504: 'Gateway Timeout',
  }
  const response = bytes(texts[status] ?? 'Error', status === 401 ? 'text/plain' : JSON_TYPE, { status })
  if (status === 429) {
    // Akkeris has no rate limit of its own; an injected 429 carries what clients look for
    response.headers.set('retry-after', '1')
    response.headers.set(RATE_LIMIT_HEADER[0], '0')
  }
  return response
}
