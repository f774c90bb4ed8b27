/** API tokens the simulation accepts, with their DigitalOcean scopes. */

/** A token and what it may do. */
export interface TokenInfo {
  token: string
  /** DigitalOcean scopes; Akkeris ignores them. Default: every scope. */
  scopes: string[]
}

/** Every scope the simulated APIs check. */
export const ALL_SCOPES = ['app:read', 'monitoring:read'] as const

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
