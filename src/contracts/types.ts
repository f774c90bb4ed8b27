/**
 * Pact files as `paasim verify` reads them (the V3/V4 subset HTTP contracts use) and the report
 * it writes. Types only: nothing here loads Pact.
 */

/** One matcher of a matching rule (`{ match: 'regex', regex: '^a' }`). */
export interface PactMatcher {
  match: string
  [option: string]: unknown
}

/** The matchers at one path, combined with AND (default) or OR. */
export interface PactRuleList {
  combine?: 'AND' | 'OR'
  matchers: PactMatcher[]
}

/** A generator (`{ type: 'ProviderState', expression: '/apps/${app}' }`). */
export interface PactGenerator {
  type: string
  expression?: string
  [option: string]: unknown
}

/** A V4 body (`content` is JSON, text, or base64 when `encoded`). */
export interface PactBody {
  content?: unknown
  contentType?: string
  encoded?: boolean | string
}

/** A provider state with its parameters. */
export interface PactProviderState {
  name: string
  params?: Record<string, unknown>
}

/** One side of an HTTP interaction as found in the file. */
export interface PactHttpPart {
  method?: string
  path?: string
  query?: Record<string, string[] | string> | string
  headers?: Record<string, string[] | string>
  body?: PactBody | unknown
  status?: number
  matchingRules?: Record<string, unknown>
  generators?: Record<string, unknown>
}

/** An interaction as found in a V3 or V4 pact file. */
export interface PactInteraction {
  type?: string
  description: string
  key?: string
  pending?: boolean
  providerState?: string
  providerStates?: PactProviderState[]
  request: PactHttpPart
  response: PactHttpPart
  comments?: Record<string, unknown>
}

/** A pact file. */
export interface PactFile {
  consumer: { name: string }
  provider: { name: string }
  interactions: PactInteraction[]
  metadata?: Record<string, unknown>
  _links?: Record<string, unknown>
}

/** Where a mismatch was found. */
export type MismatchKind = 'status' | 'header' | 'body' | 'body-type' | 'state' | 'request' | 'unsupported'

/** One difference between what a contract expects and what the server answered. */
export interface Mismatch {
  kind: MismatchKind
  /** Body path (`$.build.status`), header name, or undefined. */
  path?: string
  expected?: unknown
  actual?: unknown
  /** A sentence a person can act on. */
  message: string
}

/** The outcome of one interaction. */
export interface InteractionResult {
  description: string
  states: string[]
  outcome: 'passed' | 'failed' | 'skipped'
  /** Why it was skipped. */
  reason?: string
  mismatches: Mismatch[]
  /** Notes that do not fail the interaction (e.g. an unexpected field beside a missing one). */
  notes: string[]
  durationMs: number
  request?: { method: string; path: string }
}

/** The outcome of one contract file. */
export interface ContractResult {
  /** File path or broker URL. */
  source: string
  consumer: string
  provider: string
  interactions: InteractionResult[]
}

/** What `paasim verify --json` prints. */
export interface VerifyReport {
  provider: string
  target: string
  ok: boolean
  summary: { passed: number; failed: number; skipped: number; total: number }
  contracts: ContractResult[]
  /** Set when verification could not run (usage or connection problems). */
  error?: string
  /** Things worth a look that did not fail the run (a `--state` key no interaction uses). */
  warnings?: string[]
}
