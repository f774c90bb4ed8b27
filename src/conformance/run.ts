/**
 * `paasim conformance`: exercises every DigitalOcean operation that both the given OpenAPI spec
 * lists and paasim serves — success and error cases — against a fresh in-process simulator or a
 * server at a base URL, and checks each answer against the spec's schemas and paasim's invariants.
 */
import { BAD_TOKEN, buildCases } from './cases.js'
import { checkInvariants, checkLogText, redactUrl, type Report } from './checks.js'
import { discover, DiscoveryError } from './discover.js'
import { ConnectionError, exchange, exchangeWithRetry, exhaustToken, type RetryPolicy } from './exchange.js'
import { fillPath, routeShape, servedOperations } from './operations.js'
import { loadSpec, type LoadedSpec } from './spec.js'
import { inProcessLabel, inProcessTarget, remoteTarget, type Target, type TargetTokens } from './target.js'
import type { Case, ConformanceReport, Finding, Note, RequestRecord } from './types.js'
import { documentedResponseKey, validateResponse } from './validate.js'

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Path of the OpenAPI file (YAML or JSON). */
  spec: string
  /** A server to check; without it a fresh in-process simulator is used. */
  baseUrl?: string
  /** With `baseUrl`: the main token, and optionally the ones that enable the 403 and 429 cases. */
  tokens?: TargetTokens
  /** Seed of the in-process world (default 1). */
  seed?: number
  /** In-process world: `'default'`, or a shipped fixture's name or a fixture file. */
  fixture?: string
  /** Per request, response and body (default 10000 ms). */
  timeoutMs?: number
  /** Called after each request (progress output). */
  onRequest?: (record: RequestRecord) => void
  /** Called with progress notes (waiting out a 429, exhausting the rate-limit token). */
  onNote?: (message: string) => void
}

const MAX_HISTORIC = 2

/** Runs the whole conformance check; never throws: a run that cannot complete has `error` set. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = performance.now()
  const timeoutMs = options.timeoutMs ?? 10_000
  const state: State = { requests: [], violations: [], warnings: [], skipped: [], retry: { enabled: true } }
  const target = options.baseUrl === undefined ? undefined : remoteTarget(options.baseUrl, options.tokens ?? { main: '' })
  const finish = (spec: LoadedSpec | undefined, extra: Partial<ConformanceReport>): ConformanceReport =>
    buildReport(options.spec, target?.label ?? inProcessLabel(options.seed ?? 1, options.fixture ?? 'default'), spec, state, performance.now() - started, extra)

  let spec: LoadedSpec
  try {
    spec = await loadSpec(options.spec)
  } catch (err) {
    return finish(undefined, { error: `cannot load the spec ${options.spec}: ${(err as Error).message}` })
  }
  const served = await servedOperations()
  const inSpec = new Set(spec.operations.keys())
  const servedIds = new Set(served.map((s) => s.operationId))
  const coverage = { notCovered: [...inSpec].filter((id) => !servedIds.has(id)), notInSpec: [...servedIds].filter((id) => !inSpec.has(id)) }
  for (const route of served) {
    const op = spec.operations.get(route.operationId)
    if (op && routeShape(op.method, op.path) !== routeShape(route.method, route.path)) {
      state.violations.push({ operationId: op.operationId, case: 'route', status: 0, where: 'route', path: op.path, check: 'route', message: `the spec has ${op.method} ${op.path}; paasim serves ${route.method} ${route.path}` })
    }
  }

  let live: Target
  try {
    live = target ?? (await inProcessTarget(options.seed ?? 1, options.fixture))
  } catch (err) {
    return finish(spec, { ...coverage, error: `cannot build the in-process world: ${(err as Error).message}` })
  }
  try {
    const discovery = await discover(live, timeoutMs)
    const set = buildCases(spec, served, discovery, live.tokens)
    state.skipped.push(...set.skipped)
    const run = (c: Case, overBurst = false) => runCase(live, spec, c, overBurst, timeoutMs, state, options)
    for (const c of set.cases) await run(c)
    if (set.rateLimited.length) {
      const exhausted = await exhaustToken(live, timeoutMs)
      if (!exhausted.ok) state.skipped.push({ case: 'rate limited', message: `429 cases skipped: ${exhausted.reason}` })
      else {
        options.onNote?.(`exhausted the rate-limit token after ${exhausted.used} requests (${exhausted.overBurst ? 'burst limit' : 'hourly window'})`)
        for (const c of set.rateLimited) await run(c, exhausted.overBurst)
      }
    }
  } catch (err) {
    if (err instanceof DiscoveryError || err instanceof ConnectionError) return finish(spec, { ...coverage, error: err.message })
    throw err
  } finally {
    await live.close()
  }
  return finish(spec, coverage)
}

type State = { requests: RequestRecord[]; violations: Finding[]; warnings: Note[]; skipped: Note[]; retry: RetryPolicy }

function bearer(target: Target, c: Case): string | undefined {
  switch (c.token) {
    case 'none':
      return undefined
    case 'bad':
      return BAD_TOKEN
    case 'exhausted':
      return target.tokens.toExhaust
    default:
      return target.tokens[c.token]
  }
}

async function runCase(target: Target, spec: LoadedSpec, c: Case, overBurst: boolean, timeoutMs: number, state: State, options: ConformanceOptions): Promise<void> {
  const op = spec.operations.get(c.operationId)!
  const filled = fillPath(op.path, c.params)
  if ('missing' in filled) {
    const message = `the spec's path ${op.path} has parameters the run has no value for: ${filled.missing.join(', ')}`
    if (!state.violations.some((v) => v.operationId === c.operationId && v.message === message)) {
      state.violations.push({ operationId: c.operationId, case: c.name, status: 0, where: 'route', path: op.path, message, check: 'route' })
    }
    return
  }
  const query = c.query && Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : ''
  const headers: Record<string, string> = { accept: 'application/json' }
  const token = bearer(target, c)
  if (token) headers.authorization = `Bearer ${token}`
  if (c.body !== undefined) headers['content-type'] = 'application/json'
  const init: RequestInit = { method: op.method, headers, ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}) }
  const url = target.origin + filled.path + query
  const note = (message: string) => options.onNote?.(`${message} (${c.operationId}, ${c.name})`)
  const answer = c.expect === 429 ? await exchange(target, url, init, timeoutMs) : await exchangeWithRetry(target, url, init, timeoutMs, state.retry, note)

  const record = newRecord(c, op.method, filled.path + query, answer.status, answer.durationMs)
  const report = reporter(record, c)
  for (const v of validateResponse(spec, c.operationId, { status: answer.status, headers: answer.headers, body: answer.text })) {
    report(v.where, v.path, v.message, 'spec')
  }
  if (documentedResponseKey(op, answer.status) === 'default') {
    record.warnings.push(`status ${answer.status} is only covered by the spec's default response`)
  }
  if (answer.status !== c.expect) report('status', '', `expected ${c.expect} for this case, got ${answer.status}`, 'expectation')
  checkInvariants(answer.status, answer.headers, answer.json, overBurst, report)
  const body = answer.json as { live_url?: unknown; historic_urls?: unknown } | undefined
  const logs = c.logs && answer.status === 200 && typeof body === 'object' && body !== null ? body : undefined
  const live = typeof logs?.live_url === 'string' && logs.live_url !== '' ? logs.live_url : undefined
  const problem = live === undefined ? undefined : liveUrlProblem(target.origin, live)
  if (problem) report('body', '/live_url', problem, 'invariant')
  commit(state, record, options)

  if (!logs) return
  if (live !== undefined && c.query?.follow !== 'true') await readLogUrl(target, c, 'live_url', live, timeoutMs, state, options)
  const historic = Array.isArray(logs.historic_urls) ? logs.historic_urls.filter((u): u is string => typeof u === 'string') : []
  for (const [i, u] of historic.slice(0, MAX_HISTORIC).entries()) await readLogUrl(target, c, `historic_urls[${i}]`, u, timeoutMs, state, options)
}

/** Reads a live (not following) or historic log URL without credentials and checks its lines. */
async function readLogUrl(target: Target, c: Case, which: string, url: string, timeoutMs: number, state: State, options: ConformanceOptions): Promise<void> {
  const name = `${c.name} → ${which}`
  if (/^wss?:/i.test(url)) {
    state.warnings.push({ operationId: c.operationId, case: name, message: `${which} is a WebSocket URL; it is not read over HTTP` })
    return
  }
  const record = newRecord({ ...c, name }, 'GET', redactUrl(url), 0, 0)
  const report = reporter(record, { ...c, name })
  try {
    const answer = await exchange(target, url, { method: 'GET' }, timeoutMs)
    Object.assign(record, { status: answer.status, durationMs: answer.durationMs })
    if (answer.status !== 200) report('status', '', `${which} answered ${answer.status}, expected 200 with log text`, 'log-lines')
    else checkLogText(answer.text, c.logs?.components, report)
  } catch (err) {
    report('status', '', `${which} could not be read: ${(err as Error).message}`, 'log-lines')
  }
  commit(state, record, options)
}

/**
 * A live URL on the server's own host must keep the server's scheme: doctl maps `http` to `ws`
 * and everything else to `wss`, so a plain-HTTP server handing out `https://` breaks it.
 */
function liveUrlProblem(origin: string, live: string): string | undefined {
  let url: URL
  try {
    url = new URL(live)
  } catch {
    return `live_url ${JSON.stringify(live)} is not a URL`
  }
  const server = new URL(origin)
  if (url.host !== server.host) return undefined
  const plain = server.protocol === 'http:'
  if (plain && !['http:', 'ws:'].includes(url.protocol)) return `live_url uses ${url.protocol}// on a plain-HTTP server; clients would open wss:// and fail`
  if (!plain && !['https:', 'wss:'].includes(url.protocol)) return `live_url uses ${url.protocol}// on an HTTPS server`
  return undefined
}

function newRecord(c: Case, method: string, url: string, status: number, durationMs: number): RequestRecord {
  return { operationId: c.operationId, case: c.name, method, url, status, ok: true, violations: [], warnings: [], durationMs }
}

function reporter(record: RequestRecord, c: Case): Report {
  return (where, path, message, check) => {
    const duplicate = record.violations.some((v) => v.where === where && v.path === path && v.message === message)
    if (!duplicate) record.violations.push({ operationId: c.operationId, case: c.name, status: record.status, where, path, message, check })
  }
}

function commit(state: State, record: RequestRecord, options: ConformanceOptions): void {
  record.ok = record.violations.length === 0
  for (const v of record.violations) v.status = record.status
  state.requests.push(record)
  state.violations.push(...record.violations)
  state.warnings.push(...record.warnings.map((message) => ({ operationId: record.operationId, case: record.case, message })))
  options.onRequest?.(record)
}

function buildReport(file: string, target: string, spec: LoadedSpec | undefined, state: State, durationMs: number, extra: Partial<ConformanceReport>): ConformanceReport {
  const notCovered = extra.notCovered ?? []
  const notInSpec = extra.notInSpec ?? []
  const exercised = new Set(state.requests.map((r) => r.operationId)).size
  return {
    spec: spec?.file ?? file,
    target,
    ok: !extra.error && state.violations.length === 0,
    summary: {
      requests: state.requests.length,
      operations: { inSpec: spec?.operations.size ?? 0, served: (spec?.operations.size ?? 0) - notCovered.length, exercised, notCovered: notCovered.length, notInSpec: notInSpec.length },
      violations: state.violations.length,
      warnings: state.warnings.length,
      skipped: state.skipped.length,
      durationMs: Math.round(durationMs),
    },
    notCovered,
    notInSpec,
    requests: state.requests,
    violations: state.violations,
    warnings: state.warnings,
    skipped: state.skipped,
    ...(extra.error ? { error: extra.error } : {}),
  }
}
