/** The JSON object body of a control request (an empty body is `{}`). */
import { SimError } from '../core/errors.js'
import type { RequestContext } from './context.js'

/** Reads the body as a JSON object; anything else is a 400. */
export const readObject = async (ctx: RequestContext): Promise<Record<string, unknown>> => {
  const body = ctx.request.headers.get('content-length') === '0' ? {} : await ctx.readJson().catch((err) => {
    if (err instanceof SimError && err.message.includes('end of JSON')) return {}
    throw err
  })
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SimError('bad_request', {}, 'the body must be a JSON object')
  return body as Record<string, unknown>
}
