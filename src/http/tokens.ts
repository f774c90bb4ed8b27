/** API tokens the simulation accepts, with their DigitalOcean scopes. */
import { fromBase64, utf8Decode } from '../core/bytes.js'

/** A token and what it may do. */
export interface TokenInfo {
  token: string
  /** DigitalOcean scopes; Akkeris ignores them. Default: every scope. */
  scopes: string[]
}

/** Every scope the simulated APIs check. */
export const ALL_SCOPES = ['app:read', 'app:update', 'monitoring:read'] as const

/** The token accepted when none is configured, shaped like a DigitalOcean personal token. */
export const DEFAULT_TOKEN = 'dop_v1_70616173696d2d64656661756c742d746f6b656e2d3030303030303030303030'

/** A token given as a string or as `{ token, scopes }`. */
export type TokenOption = string | { token: string; scopes?: string[] }

/** Looks tokens up by value. */
export class TokenStore {
  #tokens = new Map<string, TokenInfo>()

  constructor(tokens: TokenOption[] = [DEFAULT_TOKEN]) {
    for (const t of tokens) this.add(t)
  }

  /** Accepts one more token. */
  add(option: TokenOption): TokenInfo {
    const info = typeof option === 'string' ? { token: option, scopes: [...ALL_SCOPES] } : { token: option.token, scopes: option.scopes ?? [...ALL_SCOPES] }
    if (!info.token) throw new RangeError('a token cannot be empty')
    this.#tokens.set(info.token, info)
    return info
  }

  /** The token's info, or `undefined` if it is not accepted. */
  get(token: string): TokenInfo | undefined {
    return this.#tokens.get(token)
  }

  /** Every accepted token. */
  list(): TokenInfo[] {
    return [...this.#tokens.values()]
  }
}

/** The token an `Authorization` value carries — `Bearer T`, `Basic base64(user:T)` or the bare `T` — or `undefined`. */
export function tokenFromAuthorization(header: string | null): string | undefined {
  if (!header) return undefined
  const value = header.trim()
  const space = value.indexOf(' ')
  const scheme = space > 0 ? value.slice(0, space).toLowerCase() : ''
  const rest = space > 0 ? value.slice(space + 1).trim() : value
  if (scheme === 'bearer') return rest || undefined
  if (scheme === 'basic') {
    const decoded = utf8Decode(fromBase64(rest))
    const colon = decoded.indexOf(':')
    return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined
  }
  return space > 0 ? undefined : value // the raw shared secret as the whole header
}
