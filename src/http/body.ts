/** Request-body reading with a size limit, shared by the pipeline and the Express adapter. */
import { SimError } from '../core/errors.js'
import type { SimRequest } from './sim-request.js'

/** Largest request body accepted (bytes); larger is `payload_too_large`. */
export const BODY_LIMIT = 1024 * 1024

/** Reads and parses a JSON body; the 400 message is the parser's own, as Akkeris sends it. */
export async function readJsonBody(request: SimRequest): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > BODY_LIMIT) throw new SimError('payload_too_large', { limit: BODY_LIMIT })
  const buffer = await request.arrayBuffer()
  if (buffer.byteLength > BODY_LIMIT) throw new SimError('payload_too_large', { limit: BODY_LIMIT })
  const text = new TextDecoder().decode(buffer)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new SimError('malformed_json', {}, String(err))
  }
}
