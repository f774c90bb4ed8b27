/** Akkeris credentials: `Bearer <token>`, `Basic base64(user:token)`, or the bare token. */
import { SimError } from '../../core/errors.js'
import type { SimRequest } from '../../http/sim-request.js'
import type { TokenInfo, TokenStore } from '../../http/tokens.js'

/** The token a request carries, or `undefined`. */
export function tokenFromAuthorization(header: string | null): string | undefined {
  if (!header) return undefined
  const value = header.trim()
  const space = value.indexOf(' ')
  const scheme = space > 0 ? value.slice(0, space).toLowerCase() : ''
  const rest = space > 0 ? value.slice(space + 1).trim() : value
  if (scheme === 'bearer') return rest || undefined
  if (scheme === 'basic') {
    const decoded = Buffer.from(rest, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined
  }
  return space > 0 ? undefined : value // the raw shared secret as the whole header
}

/** Checks the request's credentials against the accepted tokens. */
export function authenticateAkkeris(request: SimRequest, tokens: TokenStore): TokenInfo {
  const token = tokenFromAuthorization(request.headers.get('authorization'))
  const info = token === undefined ? undefined : tokens.get(token)
  if (!info) throw new SimError('unauthorized')
  return info
}
