/**
 * DigitalOcean's error wire format: `{"id", "message", "request_id"}` with `x-request-id`.
 * @see ../../../../shared/reference/digitalocean.md#errors
 */
import type { SimError } from '../../core/errors.js'
import type { RequestContext } from '../../http/context.js'
import { json, type SimResponse } from '../../http/respond.js'

const BY_STATUS: Record<number, [string, string]> = {
  400: ['bad_request', 'The request could not be understood.'],
  401: ['unauthorized', 'Unable to authenticate you.'],
  403: ['forbidden', 'You do not have access for the attempted action.'],
  404: ['not_found', 'The resource you requested could not be found.'],
  408: ['request_timeout', 'The request was not received in time.'],
  413: ['request_entity_too_large', 'The request body is too large.'],
  422: ['unprocessable_entity', 'The request could not be processed.'],
  431: ['request_header_fields_too_large', 'The request headers are too large.'],
  429: ['too_many_requests', 'API Rate limit exceeded.'],
  500: ['server_error', 'Unexpected server-side error'],
  502: ['bad_gateway', 'Bad gateway.'],
  503: ['service_unavailable', 'The service is temporarily unavailable.'],
  504: ['gateway_timeout', 'The gateway timed out.'],
}

const STATUS_OF: Partial<Record<SimError['code'], number>> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  bad_request: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unavailable: 503,
}

/** The error body and headers for a status, with the request's id. */
export function doErrorResponse(status: number, ctx: RequestContext, message?: string): SimResponse {
  const [id, fallback] = BY_STATUS[status] ?? BY_STATUS[500]
  return json({ id, message: message ?? fallback, request_id: ctx.requestId }, { status })
}

/** Renders a domain error the way DigitalOcean does (a `bad_request` may name another 4xx in `details.status`: 408, 413, 431). */
export function renderDoError(err: SimError, ctx: RequestContext): SimResponse {
  const status = (err.code === 'bad_request' && Number(err.details.status)) || (STATUS_OF[err.code] ?? 500)
  const custom = err.code === 'bad_request' || err.code === 'malformed_json' ? err.message : undefined
  return doErrorResponse(status, ctx, custom && custom !== err.code ? custom : undefined)
}
