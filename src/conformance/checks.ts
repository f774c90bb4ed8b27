/**
 * Checks the spec cannot express: paasim's invariants on every DigitalOcean response (rate-limit
 * headers, request ids, `retry-after` over the burst limit) and the line format of the log text
 * behind `live_url` and `historic_urls`.
 * @see ../../../shared/reference/digitalocean.md#rate-limits-per-token
 */
import type { Finding } from './types.js'

/** Records one finding; the caller fills in operation, case and status. */
export type Report = (where: Finding['where'], path: string, message: string, check: Finding['check']) => void

const RATE_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'] as const

/**
 * Every response carries `ratelimit-*` (integers) and `x-request-id`; an error body's `request_id`
 * equals `x-request-id`; a 429 says `ratelimit-remaining: 0`, and over the burst limit `retry-after`.
 */
export function checkInvariants(status: number, headers: Headers, body: unknown, overBurst: boolean, report: Report): void {
  for (const name of RATE_HEADERS) {
    const value = headers.get(name)
    if (value === null) report('header', name, `every response must carry ${name}`, 'invariant')
    else if (!/^\d+$/.test(value.trim())) report('header', name, `${name} must be a non-negative integer (got ${JSON.stringify(value)})`, 'invariant')
  }
  const requestId = headers.get('x-request-id')
  if (!requestId) report('header', 'x-request-id', 'every response must carry x-request-id', 'invariant')
  if (status >= 400) {
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
    if (!fields) report('body', '', 'an error must answer a JSON object {id, message, request_id}', 'invariant')
    else if (requestId && fields.request_id !== requestId) {
      report('body', '/request_id', `request_id must equal x-request-id ${JSON.stringify(requestId)} (got ${JSON.stringify(fields.request_id)})`, 'invariant')
    }
  }
  if (status === 429) {
    const remaining = headers.get('ratelimit-remaining')
    if (remaining !== null && remaining.trim() !== '0') report('header', 'ratelimit-remaining', `a 429 must say ratelimit-remaining: 0 (got ${JSON.stringify(remaining)})`, 'invariant')
    const retryAfter = headers.get('retry-after')
    if (overBurst && retryAfter === null) report('header', 'retry-after', 'a 429 over the burst limit must carry retry-after', 'invariant')
    else if (retryAfter !== null && !/^[1-9]\d*$/.test(retryAfter.trim())) {
      report('header', 'retry-after', `retry-after must be a positive number of seconds (got ${JSON.stringify(retryAfter)})`, 'invariant')
    }
  }
}

/** `<component> <RFC3339Nano UTC> <message>`; the message may be empty. */
const LINE = /^(\S+) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)(?: (.*))?$/
const MAX_BAD_LINES = 3

/** Checks each line of a log text; `components`, when given, are the names a line may start with. */
export function checkLogText(text: string, components: string[] | undefined, report: Report): number {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  let bad = 0
  lines.forEach((line, i) => {
    const problem = lineProblem(line, components)
    if (problem === undefined) return
    if (++bad <= MAX_BAD_LINES) report('body', `line ${i + 1}`, `${problem}: ${JSON.stringify(line.length > 120 ? line.slice(0, 117) + '...' : line)}`, 'log-lines')
  })
  if (bad > MAX_BAD_LINES) report('body', '', `${bad - MAX_BAD_LINES} more lines are not <component> <RFC3339Nano UTC> <message>`, 'log-lines')
  return lines.length
}

function lineProblem(line: string, components: string[] | undefined): string | undefined {
  const m = LINE.exec(line)
  if (!m) return 'not <component> <RFC3339Nano UTC timestamp> <message>'
  const stamp = m[2]!
  const ms = Date.parse(stamp)
  // Date.parse rolls 2026-02-30 over into March: compare the round trip to the second.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 19) !== stamp.slice(0, 19)) return `${stamp} is not a valid UTC timestamp`
  if (components && components.length && !components.includes(m[1]!)) return `component ${JSON.stringify(m[1])} is not one of ${components.join(', ')}`
  return undefined
}

/** A pre-signed URL without its query (the signature is a credential). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`
  } catch {
    return url.replace(/\?.*$/, '?…')
  }
}
