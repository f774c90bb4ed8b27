/**
 * Comparing an actual value with a contract's expected value under its matching rules, the way
 * Pact does: matchers where rules say so, equality elsewhere, extra object fields allowed.
 */
import { CONTAINER_MATCHERS, compileRegex, formatToRegex, jsonType, type RuleSet } from './rules.js'
import type { Mismatch, PactMatcher, PactRuleList } from './types.js'

/** A rule the replay does not know; reported rather than silently passed. */
export class UnsupportedRule extends Error {}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  return text.length > 120 ? text.slice(0, 117) + '...' : text
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (jsonType(a) !== jsonType(b) || a === null || typeof a !== 'object') return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]))
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** `an array`, `a string`. */
export function article(word: string): string {
  return `${/^[aeio]/i.test(word) ? 'an' : 'a'} ${word}`
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
}

/**
 * Applies one value matcher; returns why it failed, or undefined. `text` is true for headers,
 * query values and text bodies, where numbers and booleans arrive as strings.
 */
export function applyMatcher(m: PactMatcher, expected: unknown, actual: unknown, text = false): string | undefined {
  switch (m.match) {
    case 'type':
    case 'min':
    case 'max': {
      if (m.match === 'type' && expected !== undefined && jsonType(expected) !== jsonType(actual)) return `expected ${article(jsonType(expected))} but got ${jsonType(actual)} ${preview(actual)}`
      if (Array.isArray(actual) || (typeof actual === 'object' && actual !== null && !text)) {
        const size = Array.isArray(actual) ? actual.length : Object.keys(actual).length
        if (typeof m.min === 'number' && size < m.min) return `expected at least ${m.min} element(s) but got ${size}`
        if (typeof m.max === 'number' && size > m.max) return `expected at most ${m.max} element(s) but got ${size}`
      }
      return undefined
    }
    case 'equality':
      return jsonEqual(expected, actual) ? undefined : `expected ${preview(expected)} but got ${preview(actual)}`
    case 'regex': {
      const s = asText(actual)
      if (s === undefined) return `expected a string matching /${m.regex}/ but got ${jsonType(actual)} ${preview(actual)}`
      return compileRegex(String(m.regex)).test(s) ? undefined : `expected a value matching /${m.regex}/ but got ${preview(actual)}`
    }
    case 'include': {
      const s = asText(actual)
      return s !== undefined && s.includes(String(m.value)) ? undefined : `expected a value including ${preview(m.value)} but got ${preview(actual)}`
    }
    case 'integer':
      return (typeof actual === 'number' && Number.isInteger(actual)) || (text && typeof actual === 'string' && /^-?\d+$/.test(actual)) ? undefined : `expected an integer but got ${preview(actual)}`
    case 'decimal':
    case 'number':
      return typeof actual === 'number' || (text && typeof actual === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(actual)) ? undefined : `expected a number but got ${preview(actual)}`
    case 'boolean':
      return typeof actual === 'boolean' || (text && (actual === 'true' || actual === 'false')) ? undefined : `expected a boolean but got ${preview(actual)}`
    case 'null':
      return actual === null ? undefined : `expected null but got ${preview(actual)}`
    case 'date':
    case 'time':
    case 'datetime':
    case 'timestamp': {
      const format = typeof m.format === 'string' ? m.format : typeof m[m.match] === 'string' ? (m[m.match] as string) : undefined
      const pattern = format ? formatToRegex(format) : m.match === 'date' ? /^\d{4}-\d{2}-\d{2}$/ : m.match === 'time' ? /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/ : ISO_DATETIME
      return typeof actual === 'string' && pattern.test(actual) ? undefined : `expected a ${m.match} in the format ${format ?? 'ISO 8601'} but got ${preview(actual)}`
    }
    case 'notEmpty': {
      const empty = actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0) || (typeof actual === 'object' && actual !== null && Object.keys(actual).length === 0)
      return empty ? `expected a value that is not empty but got ${preview(actual)}` : undefined
    }
    case 'semver':
      return typeof actual === 'string' && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(actual) ? undefined : `expected a semantic version but got ${preview(actual)}`
    case 'contentType':
      return undefined // checked on the body as a whole
    default:
      throw new UnsupportedRule(`matching rule '${m.match}' is not supported by paasim verify`)
  }
}

/** Applies a rule list (AND/OR); returns the failures (none when it passes). */
export function applyList(list: PactRuleList, expected: unknown, actual: unknown, text = false): string[] {
  const failures = list.matchers.map((m) => applyMatcher(m, expected, actual, text)).filter((f): f is string => f !== undefined)
  if (list.combine === 'OR' && failures.length < list.matchers.length) return []
  return failures
}

/** `$.a['b c'][0]` for path segments `['$','a','b c','0']`. */
export function formatPath(path: string[], arrays: boolean[] = []): string {
  let out = '$'
  for (let i = 1; i < path.length; i++) {
    const seg = path[i]
    out += arrays[i] ? `[${seg}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg) ? `.${seg}` : `['${seg.replace(/'/g, "\\'")}']`
  }
  return out
}

/** Compares two JSON documents under a body rule set; mismatches carry body paths. */
export function compareJson(expected: unknown, actual: unknown, rules: RuleSet): { mismatches: Mismatch[]; notes: string[] } {
  const mismatches: Mismatch[] = []
  const notes: string[] = []
  const fail = (path: string[], arrays: boolean[], e: unknown, a: unknown, message: string): void => void mismatches.push({ kind: 'body', path: formatPath(path, arrays), expected: e, actual: a, message })

  const walk = (e: unknown, a: unknown, path: string[], arrays: boolean[]): void => {
    const found = rules.at(path)
    const matchers = found ? found.list.matchers.filter((m) => found.exact || !CONTAINER_MATCHERS.has(m.match)) : []
    const values = matchers.filter((m) => !CONTAINER_MATCHERS.has(m.match))
    const containers = matchers.filter((m) => CONTAINER_MATCHERS.has(m.match))
    if (values.length) {
      const failures = applyList({ combine: found!.list.combine, matchers: values }, e, a)
      for (const f of failures) fail(path, arrays, e, a, f)
      if (failures.length) return
    }
    const typeLike = values.some((m) => m.match === 'type' || m.match === 'min' || m.match === 'max')
    if (values.some((m) => m.match === 'equality')) return
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return fail(path, arrays, e, a, `expected an array but got ${jsonType(a)} ${preview(a)}`)
      const contains = containers.find((m) => m.match === 'arrayContains')
      if (contains) return arrayContains(contains, e, a, path, arrays)
      if (typeLike) {
        // as Pact does: each element against the example at its index, past the examples against the first
        // (so a tuple such as a metric's [time, "value"] pair keeps a rule per position)
        if (e.length > 0) a.forEach((item, i) => walk(i < e.length ? e[i] : e[0], item, [...path, String(i)], [...arrays, true]))
        return
      }
      if (e.length !== a.length) fail(path, arrays, e, a, `expected an array of ${e.length} element(s) but got ${a.length}`)
      for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], [...path, String(i)], [...arrays, true])
      return
    }
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return fail(path, arrays, e, a, `expected an object but got ${jsonType(a)} ${preview(a)}`)
      const eo = e as Record<string, unknown>
      const ao = a as Record<string, unknown>
      if (containers.length) return eachEntry(containers, eo, ao, path, arrays)
      const missing: string[] = []
      for (const key of Object.keys(eo)) {
        if (!Object.hasOwn(ao, key)) {
          missing.push(key)
          fail([...path, key], [...arrays, false], eo[key], undefined, `expected field '${key}' but it is missing`)
        } else walk(eo[key], ao[key], [...path, key], [...arrays, false])
      }
      const extra = Object.keys(ao).filter((k) => !Object.hasOwn(eo, k))
      if (missing.length && extra.length) notes.push(`${formatPath(path, arrays)} has field(s) the contract does not name: ${extra.join(', ')} (renamed from ${missing.join(', ')}?)`)
      return
    }
    if (!typeLike && !values.length && !jsonEqual(e, a)) fail(path, arrays, e, a, `expected ${preview(e)} but got ${preview(a)}`)
  }

  const eachEntry = (containers: PactMatcher[], e: Record<string, unknown>, a: Record<string, unknown>, path: string[], arrays: boolean[]) => {
    const template = Object.values(e)[0]
    for (const [key, value] of Object.entries(a)) {
      for (const m of containers) {
        const nested = { combine: 'AND' as const, matchers: (m.rules as PactMatcher[] | undefined) ?? [] }
        if (m.match === 'eachKey') for (const f of applyList(nested, undefined, key, true)) fail([...path, key], [...arrays, false], undefined, key, `key: ${f}`)
        // as Pact does, a `type` rule in eachValue compares each value with the example's first value
        if (m.match === 'eachValue') for (const f of applyList(nested, template, value)) fail([...path, key], [...arrays, false], template, value, f)
        if (m.match === 'values' && template !== undefined) walk(template, value, [...path, key], [...arrays, false])
      }
    }
  }

  const arrayContains = (m: PactMatcher, e: unknown[], a: unknown[], path: string[], arrays: boolean[]) => {
    const variants = (m.variants as Array<{ index: number; rules?: Record<string, unknown> }> | undefined) ?? []
    for (const variant of variants) {
      const template = e[variant.index]
      const inner = new (rules.constructor as new (r: Record<string, unknown> | undefined) => RuleSet)(variant.rules)
      const hit = a.some((item) => compareJson(template, item, inner).mismatches.length === 0)
      if (!hit) fail(path, arrays, template, a, `expected an element like ${preview(template)}${variantRule(variant.rules)} but none of the ${a.length} element(s) matches`)
    }
  }

  walk(expected, actual, ['$'], [false])
  return { mismatches, notes }
}

function variantRule(rules: Record<string, unknown> | undefined): string {
  const root = rules?.['$'] as PactRuleList | undefined
  const regex = root?.matchers?.find((m) => m.match === 'regex')
  return regex ? ` (matching /${regex.regex}/)` : ''
}
