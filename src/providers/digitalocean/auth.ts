/** DigitalOcean auth: `Authorization: Bearer <token>`, then the route's scope, then the rate limit. */
import { SimError } from '../../core/errors.js'
import type { RequestContext } from '../../http/context.js'
import type { TokenInfo } from '../../http/tokens.js'

/** The operations that change an app, which need `app:update`. */
const WRITES = new Set(['apps_create_deployment', 'apps_cancel_deployment', 'apps_restart'])

/** Scope each operation needs: app metrics `monitoring:read`, the writes `app:update`, everything else `app:read`. */
export function scopeOf(operationId: string): string {
  return operationId.startsWith('monitoring_') ? 'monitoring:read' : WRITES.has(operationId) ? 'app:update' : 'app:read'
}

/** Checks the bearer token and the operation's scope. */
export function authenticateDo(ctx: RequestContext): TokenInfo {
  const header = ctx.request.headers.get('authorization') ?? ''
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  const info = m ? ctx.sim.tokens.get(m[1]) : undefined
  if (!info) throw new SimError('unauthorized')
  ctx.token = info
  if (!info.scopes.includes(scopeOf(ctx.operationId))) throw new SimError('forbidden')
  return info
}

/** Counts the request against the token's window; sets the `ratelimit-*` headers; 429 when over. */
export function admitDo(ctx: RequestContext): void {
  if (!ctx.token) return
  const decision = ctx.sim.rateLimits.take(ctx.token.token)
  ctx.headers.set('ratelimit-limit', String(decision.limit))
  ctx.headers.set('ratelimit-remaining', String(decision.remaining))
  ctx.headers.set('ratelimit-reset', String(decision.reset))
  if (decision.retryAfter !== undefined) {
    // clients sleep real seconds: on a scaled clock, say how long that is in real time
    const { clock } = ctx.sim
    const seconds = clock.mode === 'scaled' ? Math.max(1, Math.ceil(decision.retryAfter / clock.speed)) : decision.retryAfter
    ctx.headers.set('retry-after', String(seconds))
  }
  if (!decision.allowed) throw new SimError('rate_limited')
}
