/**
 * The cases of a run: for every operation both the spec lists and paasim serves, its success
 * variants, then 401 (no token, bad token), 403 (a token without the scope the spec requires),
 * 404 and 400 variants; the 429 cases come separately, to run once a token is exhausted.
 */
import type { Discovery } from './discover.js'
import { requiredScopes, type ServedOperation } from './operations.js'
import type { Variant } from './plan-kit.js'
import { PLANS } from './plans.js'
import type { LoadedSpec, SpecOperation } from './spec.js'
import type { TargetTokens } from './target.js'
import type { Case, Note, TokenKind } from './types.js'

/** A token no server accepts, shaped like a DigitalOcean personal token. */
export const BAD_TOKEN = 'dop_v1_' + '0'.repeat(64)

/** The flag that supplies the token a scope's 403 case needs, for the skip message. */
const SCOPE_TOKENS: Record<string, { token: 'withoutAppScope' | 'withoutMonitoringScope'; flag: string }> = {
  'app:read': { token: 'withoutAppScope', flag: '--token-without-app-scope' },
  // the token without app:read has no app scope at all, so it lacks app:update too
  'app:update': { token: 'withoutAppScope', flag: '--token-without-app-scope' },
  'monitoring:read': { token: 'withoutMonitoringScope', flag: '--token-without-monitoring-scope' },
}

/** Every case, in spec order; `rateLimited` are the 429 cases. */
export interface CaseSet {
  cases: Case[]
  rateLimited: Case[]
  skipped: Note[]
}

function toCase(operationId: string, v: Variant, kind: Case['kind'], expect: number, token: TokenKind, name = v.name): Case {
  return {
    operationId,
    name,
    kind,
    expect,
    params: v.params,
    ...(v.query ? { query: v.query } : {}),
    ...(v.body !== undefined ? { body: v.body } : {}),
    token,
    ...(kind === 'success' && v.logs ? { logs: v.logs } : {}),
  }
}

/** Builds the cases of the operations in `spec` that paasim serves, from the discovered ids. */
export function buildCases(spec: LoadedSpec, served: ServedOperation[], d: Discovery, tokens: TargetTokens): CaseSet {
  const out: CaseSet = { cases: [], rateLimited: [], skipped: [] }
  const servedIds = new Set(served.map((s) => s.operationId))
  for (const op of spec.operations.values()) {
    if (!servedIds.has(op.operationId)) continue
    const makePlan = PLANS[op.operationId]
    if (!makePlan) {
      out.skipped.push({ operationId: op.operationId, message: 'paasim serves this operation but the conformance run has no cases for it' })
      continue
    }
    const plan = makePlan({ d, spec, op })
    if (typeof plan.base === 'string') {
      out.skipped.push({ operationId: op.operationId, message: `every case skipped: ${plan.base}` })
      continue
    }
    const id = op.operationId
    const base = plan.base
    out.cases.push(...plan.success.map((v) => toCase(id, v, 'success', 200, 'main')))
    out.cases.push(toCase(id, base, 'error', 401, 'none', 'no token'), toCase(id, base, 'error', 401, 'bad', 'bad token'))
    out.cases.push(...forbidden(op, spec, base, tokens, out.skipped))
    out.cases.push(...plan.notFound.map((v) => toCase(id, v, 'error', 404, 'main')))
    out.cases.push(...plan.badRequest.map((v) => toCase(id, v, 'error', 400, 'main')))
    if (tokens.toExhaust) out.rateLimited.push(toCase(id, base, 'error', 429, 'exhausted', 'rate limited'))
  }
  if (!tokens.toExhaust) out.skipped.push({ case: 'rate limited', message: '429 cases skipped: give --token-to-exhaust, a token the run may use up' })
  return out
}

function forbidden(op: SpecOperation, spec: LoadedSpec, base: Variant, tokens: TargetTokens, skipped: Note[]): Case[] {
  const cases: Case[] = []
  for (const scope of requiredScopes(spec, op)) {
    const known = SCOPE_TOKENS[scope]
    if (!known) {
      skipped.push({ operationId: op.operationId, case: `without ${scope}`, message: `no token lacking ${scope} is known` })
    } else if (!tokens[known.token]) {
      skipped.push({ operationId: op.operationId, case: `without ${scope}`, message: `403 case skipped: give ${known.flag}` })
    } else {
      cases.push(toCase(op.operationId, base, 'error', 403, known.token, `without ${scope}`))
    }
  }
  return cases
}
