/** Status, headers and body of an actual response against an interaction's expected response. */
import { applyList, article, compareJson } from './match.js'
import { expectedBody, isJsonType } from './pact-file.js'
import { normaliseList, RuleSet } from './rules.js'
import type { Mismatch, PactHttpPart, PactMatcher, PactRuleList } from './types.js'

/** A response as read from the wire. */
export interface ActualResponse {
  status: number
  headers: Headers
  text: string
}

/** The rules of one category (`body`, `header`, `query`, `path`, `status`), from V2–V4 layouts. */
export function rulesOf(part: PactHttpPart, category: 'body' | 'header' | 'query' | 'path' | 'status'): Record<string, unknown> | undefined {
  const rules = part.matchingRules
  if (!rules) return undefined
  if (category in rules) return rules[category] as Record<string, unknown>
  const v2Prefix = { body: '$.body', header: '$.headers', query: '$.query', path: '$.path', status: '$.status' }[category]
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rules)) {
    if (key === v2Prefix) out[category === 'body' ? '$' : ''] = value
    else if (key.startsWith(v2Prefix + '.') || key.startsWith(v2Prefix + '[')) out[(category === 'body' ? '$' : '') + key.slice(v2Prefix.length + (category === 'body' ? 0 : 1))] = value
  }
  return Object.keys(out).length ? out : undefined
}

/** The rule list for a named header or query parameter (case-insensitive for headers). */
export function namedRules(rules: Record<string, unknown> | undefined, name: string, caseless: boolean): PactRuleList | undefined {
  for (const [key, value] of Object.entries(rules ?? {})) {
    if (key === name || (caseless && key.toLowerCase() === name.toLowerCase())) return normaliseList(value)
  }
  return undefined
}

const STATUS_CLASSES: Record<string, [number, number]> = {
  information: [100, 199],
  success: [200, 299],
  redirect: [300, 399],
  clientError: [400, 499],
  serverError: [500, 599],
  nonError: [100, 399],
  error: [400, 599],
}

/** The status, exact unless a `statusCode` rule says otherwise. */
export function compareStatus(expected: PactHttpPart, actual: number): Mismatch[] {
  const want = expected.status ?? 200
  const rule = rulesOf(expected, 'status')
  const list = rule ? normaliseList(rule) : undefined
  const statusRule = list?.matchers.find((m) => m.match === 'statusCode')
  if (statusRule) {
    const spec = statusRule.status
    const ok = Array.isArray(spec) ? spec.includes(actual) : typeof spec === 'string' && STATUS_CLASSES[spec] ? actual >= STATUS_CLASSES[spec][0] && actual <= STATUS_CLASSES[spec][1] : actual === want
    return ok ? [] : [{ kind: 'status', expected: spec, actual, message: `expected status ${JSON.stringify(spec)} but got ${actual}` }]
  }
  return actual === want ? [] : [{ kind: 'status', expected: want, actual, message: `expected status ${want} but got ${actual}` }]
}

function mediaType(value: string): { base: string; params: Map<string, string> } {
  const [base, ...rest] = value.split(';')
  const params = new Map<string, string>()
  for (const p of rest) {
    const eq = p.indexOf('=')
    if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase())
  }
  return { base: base.trim().toLowerCase(), params }
}

/** Expected headers must be present with matching values; others are ignored. */
export function compareHeaders(expected: PactHttpPart, actual: Headers): Mismatch[] {
  const out: Mismatch[] = []
  const rules = rulesOf(expected, 'header')
  for (const [name, raw] of Object.entries(expected.headers ?? {})) {
    const want = (Array.isArray(raw) ? raw : [raw]).map(String).join(', ')
    const got = actual.get(name)
    if (got === null) {
      out.push({ kind: 'header', path: name, expected: want, actual: null, message: `expected header '${name}' (${JSON.stringify(want)}) but it is missing` })
      continue
    }
    const list = namedRules(rules, name, true)
    let failures: string[]
    if (list) failures = applyList(list, want, got, true)
    else if (name.toLowerCase() === 'content-type') {
      const w = mediaType(want)
      const g = mediaType(got)
      const ok = w.base === g.base && [...w.params].every(([k, v]) => g.params.get(k) === v)
      failures = ok ? [] : [`expected ${JSON.stringify(want)} but got ${JSON.stringify(got)}`]
    } else {
      const norm = (s: string) => s.split(',').map((x) => x.trim()).join(', ')
      failures = norm(want) === norm(got) ? [] : [`expected ${JSON.stringify(want)} but got ${JSON.stringify(got)}`]
    }
    for (const f of failures) out.push({ kind: 'header', path: name, expected: want, actual: got, message: `header '${name}': ${f}` })
  }
  return out
}

/** `X` of a whole-body line regex `^(X\\n)…` (a log stream's line format), or undefined. */
export function lineFormat(pattern: string): string | undefined {
  if (!pattern.startsWith('^(')) return undefined
  let depth = 0
  let inClass = false
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') {
      i++
      continue
    }
    if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) {
      const group = pattern.slice(2, i)
      return group.endsWith('\\n') && group.length > 2 ? group.slice(0, -2) : undefined
    }
  }
  return undefined
}

/** The first line of a text body that breaks the line format of a regex rule, so a report can name it. */
function firstLineOutOfFormat(matchers: PactMatcher[], text: string): { number: number; line: string; format: string } | undefined {
  const regex = matchers.find((m) => m.match === 'regex' && typeof m.regex === 'string')
  const format = regex ? lineFormat(String(regex.regex)) : undefined
  if (!format) return undefined
  let line: RegExp
  try {
    line = new RegExp(`^(?:${format})$`, 'u')
  } catch {
    return undefined
  }
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
  const index = lines.findIndex((l) => !line.test(l))
  return index < 0 ? undefined : { number: index + 1, line: lines[index], format }
}

function clip(text: string): string {
  return text.length > 200 ? text.slice(0, 197) + '...' : text
}

/** The body under the expected content type: JSON structurally, text by rule or exactly, anything else byte for byte. */
export function compareBody(expected: PactHttpPart, actual: ActualResponse): { mismatches: Mismatch[]; notes: string[] } {
  const body = expectedBody(expected)
  if (!body.present) return { mismatches: [], notes: [] }
  const rules = new RuleSet(rulesOf(expected, 'body'))
  const expectedType = body.contentType?.split(';')[0].trim().toLowerCase()
  const actualTypeHeader = actual.headers.get('content-type') ?? undefined
  const actualType = actualTypeHeader?.split(';')[0].trim().toLowerCase()
  const wildcard = !expectedType || expectedType === '*/*'
  if (!wildcard && actualType && expectedType !== actualType && !(isJsonType(expectedType) && isJsonType(actualType))) {
    return {
      mismatches: [{ kind: 'body-type', expected: expectedType, actual: actualType, message: `expected ${article(expectedType)} body but the response's Content-Type is ${actualType}: ${JSON.stringify(clip(actual.text))}` }],
      notes: [],
    }
  }
  if (!wildcard && isJsonType(expectedType) && body.json) {
    let parsed: unknown
    try {
      parsed = JSON.parse(actual.text)
    } catch {
      return { mismatches: [{ kind: 'body', path: '$', expected: body.json.value, actual: actual.text, message: `expected a JSON body but it does not parse: ${JSON.stringify(clip(actual.text))}` }], notes: [] }
    }
    return compareJson(body.json.value, parsed, rules)
  }
  const root = rules.at(['$'])
  if (root?.exact && root.list.matchers.length) {
    const failures = applyList(root.list, body.text, actual.text, true)
    const bad = failures.length ? firstLineOutOfFormat(root.list.matchers, actual.text) : undefined
    if (bad) return { mismatches: [{ kind: 'body', path: '$', expected: bad.format, actual: bad.line, message: `body: line ${bad.number} does not match the line format /${bad.format}/: ${JSON.stringify(clip(bad.line))}` }], notes: [] }
    return { mismatches: failures.map((f) => ({ kind: 'body', path: '$', expected: body.text, actual: clip(actual.text), message: `body: ${clip(f)}` })), notes: [] }
  }
  if (body.text === actual.text) return { mismatches: [], notes: [] }
  return {
    mismatches: [{ kind: 'body', path: '$', expected: body.text, actual: actual.text, message: `expected the body ${JSON.stringify(clip(body.text))} but got ${JSON.stringify(clip(actual.text))}` }],
    notes: [],
  }
}
