/** Akkeris credentials: `Bearer <token>`, `Basic base64(user:token)`, or the bare token. */
import { SimError } from '../../core/errors.js'
import type { SimRequest } from '../../http/sim-request.js'
import { tokenFromAuthorization, type TokenInfo, type TokenStore } from '../../http/tokens.js'

/** Checks the request's credentials against the accepted tokens. */
export function authenticateAkkeris(request: SimRequest, tokens: TokenStore): TokenInfo {
  const token = tokenFromAuthorization(request.headers.get('authorization'))
  const info = token === undefined ? undefined : tokens.get(token)
  if (!info) throw new SimError('unauthorized')
  return info
}
