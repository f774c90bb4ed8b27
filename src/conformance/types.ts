/** Types of a conformance run: its cases, the findings and the report `paasim conformance --json` prints. */

/** Which credential a case sends. */
export type TokenKind = 'main' | 'none' | 'bad' | 'withoutAppScope' | 'withoutMonitoringScope' | 'exhausted'

/** One request of a run, built from discovered ids; `expect` is the status paasim answers. */
export interface Case {
  operationId: string
  /** Short human name: `type=BUILD follow=false`, `no token`, `unknown app_id`. */
  name: string
  kind: 'success' | 'error'
  expect: number
  /** Path parameters by name (both `id` and `app_id` name the app). */
  params: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  token: TokenKind
  /** A logs answer: also read its live (when not following) and historic URLs; lines must name one of `components`. */
  logs?: { components: string[] }
}

/** What a finding is about: the spec's schemas, paasim's own invariants, the case's expected status, log lines, or routing. */
export type Check = 'spec' | 'invariant' | 'expectation' | 'log-lines' | 'route'

/** One departure from the spec or an invariant. `path` is a JSON Pointer, a header name, or `line N`. */
export interface Finding {
  operationId: string
  case: string
  status: number
  where: 'status' | 'header' | 'body' | 'route'
  path: string
  message: string
  check: Check
}

/** A note that is not a violation: a status only the spec's `default` response covers, a URL not followed. */
export interface Note {
  operationId?: string
  case?: string
  message: string
}

/** One request as run: `url` has its query redacted for pre-signed log URLs. */
export interface RequestRecord {
  operationId: string
  case: string
  method: string
  url: string
  status: number
  ok: boolean
  violations: Finding[]
  warnings: string[]
  durationMs: number
}

/** The whole run, as `--json` prints it. */
export interface ConformanceReport {
  spec: string
  target: string
  ok: boolean
  summary: {
    requests: number
    operations: { inSpec: number; served: number; exercised: number; notCovered: number; notInSpec: number }
    violations: number
    warnings: number
    skipped: number
    durationMs: number
  }
  /** In the spec, not served by paasim. */
  notCovered: string[]
  /** Served by paasim, not in the spec (a renamed or removed operation). */
  notInSpec: string[]
  requests: RequestRecord[]
  violations: Finding[]
  warnings: Note[]
  skipped: Note[]
  /** Set when the run could not complete (exit 2). */
  error?: string
}
