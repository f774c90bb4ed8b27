/**
 * Pact matching rules as a replay honours them: rule paths (`$.a[*].b`, `$['x']`), the choice of the
 * most specific rule for a value (Pact's path weights), and the value matchers themselves.
 * @see https://github.com/pact-foundation/pact-specification/tree/version-4
 */
import type { PactMatcher, PactRuleList } from './types.js'

type Token = { kind: 'root' } | { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'star' }

/** Parses a rule path such as `$.a[*].b`, `$['a b'][0]` or `$.*`. */
export function parseRulePath(path: string): Token[] {
  const tokens: Token[] = [{ kind: 'root' }]
  let i = path.startsWith('$') ? 1 : 0
  if (i === 0 && path !== '') {
    const first = /^[^.[]+/.exec(path)?.[0] ?? '' // a bare name is relative to the root
    tokens.push(first === '*' ? { kind: 'star' } : { kind: 'field', name: first })
    i = first.length
  }
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^\.([^.[]*)/.exec(path.slice(i))!
      tokens.push(m[1] === '*' ? { kind: 'star' } : { kind: 'field', name: m[1] })
      i += m[0].length
    } else if (path[i] === '[') {
      const quoted = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(path.slice(i)) ?? /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(path.slice(i))
      if (quoted) {
        tokens.push({ kind: 'field', name: quoted[1].replace(/\\(.)/g, '$1') })
        i += quoted[0].length
        continue
      }
      const m = /^\[([^\]]*)\]/.exec(path.slice(i))
      if (!m) throw new RangeError(`invalid matching-rule path ${path}`)
      const inner = m[1].trim()
      tokens.push(inner === '*' ? { kind: 'star' } : /^\d+$/.test(inner) ? { kind: 'index', index: Number(inner) } : { kind: 'field', name: inner })
      i += m[0].length
    } else throw new RangeError(`invalid matching-rule path ${path}`)
  }
  return tokens
}

/** Pact's weight of a rule path for a concrete path (`['$','a','0']`); 0 when it does not apply. */
function weight(tokens: Token[], path: string[]): number {
  if (tokens.length > path.length) return 0
  let w = 1
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const seg = path[i]
    if (t.kind === 'root') w *= seg === '$' ? 2 : 0
    else if (t.kind === 'star') w *= 1
    else if (t.kind === 'field') w *= t.name === seg ? 2 : 0
    else w *= String(t.index) === seg ? 2 : 0
    if (w === 0) return 0
  }
  return w
}

/** The rules of one part of a request or response, by path. */
export class RuleSet {
  #rules: Array<{ tokens: Token[]; list: PactRuleList }>

  constructor(rules: Record<string, unknown> | undefined) {
    this.#rules = Object.entries(rules ?? {}).map(([path, list]) => ({ tokens: parseRulePath(path), list: normaliseList(list) }))
  }

  /** True when no rule is defined. */
  get empty(): boolean {
    return this.#rules.length === 0
  }

  /**
   * The rules for a value at `path`: the most specific rule path of the same length if any, else
   * the most specific ancestor's (which cascades to descendants).
   */
  at(path: string[]): { list: PactRuleList; exact: boolean } | undefined {
    let best: { list: PactRuleList; exact: boolean; w: number; len: number } | undefined
    for (const rule of this.#rules) {
      const w = weight(rule.tokens, path)
      if (w === 0) continue
      const exact = rule.tokens.length === path.length
      const better = !best || (exact && !best.exact) || (exact === best.exact && (w > best.w || (w === best.w && rule.tokens.length > best.len)))
      if (better) best = { list: rule.list, exact, w, len: rule.tokens.length }
    }
    return best && { list: best.list, exact: best.exact }
  }
}

/** A rule list from V4 (`{combine, matchers}`), V3, or V2 (`{match: 'type'}`) form. */
export function normaliseList(value: unknown): PactRuleList {
  if (value && typeof value === 'object' && Array.isArray((value as PactRuleList).matchers)) {
    const list = value as PactRuleList
    return { combine: list.combine === 'OR' ? 'OR' : 'AND', matchers: list.matchers }
  }
  if (value && typeof value === 'object' && 'match' in value) return { combine: 'AND', matchers: [value as PactMatcher] }
  if (value && typeof value === 'object' && ('min' in value || 'max' in value || 'regex' in value)) {
    const v = value as Record<string, unknown>
    return { combine: 'AND', matchers: [{ match: 'regex' in v ? 'regex' : 'type', ...v }] }
  }
  return { combine: 'AND', matchers: [] }
}

/** Matchers that describe a container's children rather than the value itself. */
export const CONTAINER_MATCHERS = new Set(['values', 'eachKey', 'eachValue', 'arrayContains'])

/** JSON type name of a value, as Pact's messages say it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Compiles a Pact (Rust) regex for a whole-value match, translating leading inline flags. */
export function compileRegex(pattern: string): RegExp {
  let flags = ''
  let source = pattern
  const inline = /^\(\?([imsx]+)\)/.exec(source)
  if (inline) {
    flags = inline[1].replace(/x/g, '')
    source = source.slice(inline[0].length)
  }
  return new RegExp(`^(?:${source})$`, flags + 'u')
}

/** A Java/Pact date-time format (`yyyy-MM-dd'T'HH:mm:ss.SSSX`) as a regular expression. */
export function formatToRegex(format: string): RegExp {
  let out = ''
  for (let i = 0; i < format.length; ) {
    const c = format[i]
    if (c === "'") {
      const end = format.indexOf("'", i + 1)
      const literal = end === i + 1 ? "'" : format.slice(i + 1, end < 0 ? undefined : end)
      out += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      i = end < 0 ? format.length : end + 1
      continue
    }
    let n = 1
    while (format[i + n] === c) n++
    i += n
    if (!/[A-Za-z]/.test(c)) {
      out += c.repeat(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      continue
    }
    const digits = (min: number) => (n >= 2 ? `\\d{${Math.max(n, min)}}` : '\\d{1,2}')
    const pieces: Record<string, string> = {
      y: n === 2 ? '\\d{2}' : '\\d{4,}',
      u: n === 2 ? '\\d{2}' : '\\d{4,}',
      M: n >= 4 ? '[A-Za-z]+' : n === 3 ? '[A-Za-z]{3}' : digits(2),
      L: n >= 4 ? '[A-Za-z]+' : n === 3 ? '[A-Za-z]{3}' : digits(2),
      d: digits(2),
      D: '\\d{1,3}',
      H: digits(2),
      k: digits(2),
      K: digits(2),
      h: digits(2),
      m: digits(2),
      s: digits(2),
      S: `\\d{${n}}`,
      n: '\\d+',
      a: '(?:AM|PM|am|pm)',
      E: n >= 4 ? '[A-Za-z]+' : '[A-Za-z]{3}',
      X: n === 1 ? '(?:Z|[+-]\\d{2}(?:\\d{2})?)' : n === 2 || n === 4 ? '(?:Z|[+-]\\d{4})' : '(?:Z|[+-]\\d{2}:\\d{2})',
      x: n === 1 ? '[+-]\\d{2}(?:\\d{2})?' : n === 2 || n === 4 ? '[+-]\\d{4}' : '[+-]\\d{2}:\\d{2}',
      Z: n <= 3 ? '[+-]\\d{4}' : '(?:Z|GMT[+-]\\d{2}:\\d{2})',
      z: '[A-Za-z][A-Za-z0-9/_+-]*',
      V: '[A-Za-z][A-Za-z0-9/_+-]*',
      G: '[A-Za-z]+',
    }
    const piece = pieces[c]
    if (!piece) throw new RangeError(`unsupported date/time pattern letter '${c}' in ${format}`)
    out += piece
  }
  return new RegExp(`^${out}$`)
}
