/** The replayer's reading of Pact matching rules, on small documents. */
import { describe, expect, it } from 'vitest'
import { compareBody, compareHeaders, compareStatus, lineFormat } from './compare-http.js'
import { compareJson, UnsupportedRule } from './match.js'
import { formatToRegex, parseRulePath, RuleSet } from './rules.js'

const rules = (r: Record<string, unknown>) => new RuleSet(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { matchers: Array.isArray(v) ? v : [v] }])))
const paths = (expected: unknown, actual: unknown, r: Record<string, unknown> = {}) => compareJson(expected, actual, rules(r)).mismatches.map((m) => `${m.path}: ${m.message}`)

describe('rule paths and selection', () => {
  it('parses dotted, bracketed, quoted and wildcard paths', () => {
    expect(parseRulePath("$.a[*].b['c d'][2].*")).toEqual([
      { kind: 'root' },
      { kind: 'field', name: 'a' },
      { kind: 'star' },
      { kind: 'field', name: 'b' },
      { kind: 'field', name: 'c d' },
      { kind: 'index', index: 2 },
      { kind: 'star' },
    ])
  })

  it('prefers a rule at the same depth, then the heavier (more literal) path', () => {
    const set = rules({ '$.a': { match: 'type' }, '$.a[*].b': { match: 'regex', regex: 'x' }, '$.a[0].b': { match: 'integer' } })
    expect(set.at(['$', 'a', '0', 'b'])?.list.matchers[0].match).toBe('integer')
    expect(set.at(['$', 'a', '1', 'b'])?.list.matchers[0].match).toBe('regex')
    expect(set.at(['$', 'a', '1', 'c'])).toMatchObject({ exact: false, list: { matchers: [{ match: 'type' }] } })
  })

  it('turns date-time formats into patterns', () => {
    const iso = formatToRegex("yyyy-MM-dd'T'HH:mm:ss.SSSX")
    expect(iso.test('2026-01-01T00:00:00.000Z')).toBe(true)
    expect(iso.test('2026-01-01T00:00:00Z')).toBe(false)
    expect(formatToRegex('EEE, dd MMM yyyy HH:mm:ss z').test('Thu, 01 Jan 2026 00:00:00 GMT')).toBe(true)
  })
})

describe('comparing JSON under rules', () => {
  it('compares by equality without rules, allows extra fields, and hints at renames', () => {
    const result = compareJson({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1], c_renamed: 'x', d: true }, rules({}))
    expect(result.mismatches.map((m) => m.path)).toEqual(['$.b', '$.c'])
    expect(result.notes).toEqual(['$ has field(s) the contract does not name: c_renamed, d (renamed from c?)'])
  })

  it('cascades type matching from eachLike to every element', () => {
    const r = { '$.items': { match: 'type', min: 1 } }
    expect(paths({ items: [{ id: 1, name: 'a' }] }, { items: [{ id: 7, name: 'b' }, { id: 8, name: 'c', extra: 0 }] }, r)).toEqual([])
    expect(paths({ items: [{ id: 1 }] }, { items: [{ id: '7' }] }, r)).toEqual(['$.items[0].id: expected a number but got string "7"'])
    expect(paths({ items: [{ id: 1 }] }, { items: [] }, r)).toEqual(['$.items: expected at least 1 element(s) but got 0'])
    expect(paths({ items: [{ id: 1 }] }, { items: {} }, r)).toEqual(['$.items: expected an array but got object {}'])
  })

  it('keeps a rule per position in tuples under eachLike, and tells a string from a number that matches its regex', () => {
    // a metric series: [<integer unix seconds>, "<number as a string>"] pairs
    const pair = { '$.values': { match: 'type', min: 1 }, '$.values[*][0]': { match: 'integer' }, '$.values[*][1]': [{ match: 'type' }, { match: 'regex', regex: '[0-9.]+' }] }
    expect(paths({ values: [[1, '0.5']] }, { values: [[2, '1.5'], [3, '2']] }, pair)).toEqual([])
    expect(paths({ values: [[1, '0.5']] }, { values: [[2, 1.5]] }, pair)).toEqual(['$.values[0][1]: expected a string but got number 1.5'])
    // a regex alone passes the number, as Pact's does
    expect(paths({ v: '5' }, { v: 5 }, { '$.v': { match: 'regex', regex: '[0-9]+' } })).toEqual([])
    // eachValue's type rule compares every value with the example's first, as Pact does
    const series = { '$.s': { match: 'eachValue', rules: [{ match: 'type' }, { match: 'regex', regex: '[0-9]+' }] } }
    expect(paths({ s: { '1': '2' } }, { s: { '10': '3', '20': 4 } }, series)).toEqual(["$.s['20']: expected a string but got number 4"])
  })

  it('matches regexes against the whole value, as Pact does', () => {
    expect(paths({ u: 'https://x/' }, { u: 'https://y/' }, { '$.u': { match: 'regex', regex: '^https?://' } })).toHaveLength(1)
    expect(paths({ u: 'https://x/' }, { u: 'https://y/' }, { '$.u': { match: 'regex', regex: 'https?://\\S+' } })).toEqual([])
  })

  it('honours OR, null, datetime, values, eachKey/eachValue and arrayContains', () => {
    expect(paths({ v: 1 }, { v: 'a' }, { '$.v': [{ match: 'integer' }, { match: 'regex', regex: '[a-z]' }] })).toEqual(['$.v: expected an integer but got "a"'])
    expect(compareJson({ v: 1 }, { v: 'a' }, new RuleSet({ '$.v': { combine: 'OR', matchers: [{ match: 'integer' }, { match: 'regex', regex: '[a-z]' }] } })).mismatches).toEqual([])
    expect(paths({ n: null, t: 'x' }, { n: 0, t: '2026-01-01' }, { '$.n': { match: 'null' }, '$.t': { match: 'datetime', format: 'yyyy-MM-dd' } })).toEqual(['$.n: expected null but got 0'])
    expect(paths({ m: { k: 1 } }, { m: { a: 2, b: 'x' } }, { '$.m': { match: 'values' }, '$.m.*': { match: 'integer' } })).toEqual(['$.m.b: expected an integer but got "x"'])
    const series = { '$.s': [{ match: 'eachKey', rules: [{ match: 'regex', regex: '[0-9]+' }] }, { match: 'eachValue', rules: [{ match: 'regex', regex: '[0-9.]+' }] }] }
    expect(paths({ s: { '1': '2' } }, { s: { '1767225600': '0.5', x: '3', '9': 'NaN' } }, series)).toEqual(["$.s['9']: expected a value matching /[0-9.]+/ but got \"NaN\"", '$.s.x: key: expected a value matching /[0-9]+/ but got "x"'])
    const contains = { '$.lines': { match: 'arrayContains', variants: [{ index: 1, rules: { $: { matchers: [{ match: 'regex', regex: 'Finished: (SUCCESS|FAILURE)' }] } } }] } }
    expect(paths({ lines: ['a', 'Finished: SUCCESS'] }, { lines: ['x', 'y', 'Finished: FAILURE'] }, contains)).toEqual([])
    expect(paths({ lines: ['a', 'Finished: SUCCESS'] }, { lines: ['x'] }, contains)[0]).toMatch(/none of the 1 element\(s\) matches/)
  })

  it('refuses rules it does not know rather than passing them', () => {
    expect(() => paths({ a: 1 }, { a: 1 }, { '$.a': { match: 'plugin-thing' } })).toThrow(UnsupportedRule)
  })
})

describe('status, headers and bodies', () => {
  const part = (response: Record<string, unknown>) => response
  it('checks status classes, content types by media type and parameters, and missing headers', () => {
    expect(compareStatus({ status: 200, matchingRules: { status: { matchers: [{ match: 'statusCode', status: 'success' }] } } }, 204)).toEqual([])
    expect(compareStatus({ status: 200 }, 201)[0].message).toBe('expected status 200 but got 201')
    const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' })
    expect(compareHeaders({ headers: { 'Content-Type': ['application/json'] } }, headers)).toEqual([])
    expect(compareHeaders({ headers: { 'Content-Type': ['application/json; charset=latin1'] } }, headers)).toHaveLength(1)
    expect(compareHeaders({ headers: { 'RateLimit-Remaining': ['2400'] } }, headers)[0].message).toMatch(/but it is missing/)
  })

  it('compares */* bodies byte for byte and reports a body of another type', () => {
    const text = { status: 404, headers: { 'Content-Type': ['application/json'] }, body: { content: Buffer.from('Not here.').toString('base64'), contentType: '*/*', encoded: 'base64' } }
    const actual = (body: string, type = 'application/json') => ({ status: 404, headers: new Headers({ 'content-type': type }), text: body })
    expect(compareBody(part(text), actual('Not here.')).mismatches).toEqual([])
    expect(compareBody(part(text), actual('{"message":"Not here."}')).mismatches[0]).toMatchObject({ kind: 'body', path: '$' })
    const json = { body: { content: { a: 1 }, contentType: 'application/json', encoded: false } }
    expect(compareBody(part(json), actual('{"a":1}', 'text/html')).mismatches[0]).toMatchObject({ kind: 'body-type', expected: 'application/json', actual: 'text/html' })
    expect(compareBody(part(json), actual('nope')).mismatches[0].message).toMatch(/does not parse/)
    // Pact V4 writes an expected empty body as {"content": ""}
    const empty = { status: 404, body: { content: '' } }
    expect(compareBody(part(empty), actual('')).mismatches).toEqual([])
    expect(compareBody(part(empty), actual('{"error":"x"}')).mismatches[0]).toMatchObject({ kind: 'body', path: '$', expected: '' })
  })

  it('names the first line of a stream that breaks its line format', () => {
    const stream = { body: { content: 'a 1\nb 2\n', contentType: 'text/plain', encoded: false }, matchingRules: { body: { $: { matchers: [{ match: 'regex', regex: '^([a-z] [0-9]\\n)+$' }] } } } }
    const actual = (text: string) => ({ status: 200, headers: new Headers({ 'content-type': 'text/plain' }), text })
    expect(compareBody(part(stream), actual('x 9\ny 8\n')).mismatches).toEqual([])
    expect(compareBody(part(stream), actual('x 9\nY-8\nz 7\n')).mismatches).toEqual([
      { kind: 'body', path: '$', expected: '[a-z] [0-9]', actual: 'Y-8', message: 'body: line 2 does not match the line format /[a-z] [0-9]/: "Y-8"' },
    ])
    expect(lineFormat('^(app\\[(web|worker)\\] [^\\n]*\\n){5}$')).toBe('app\\[(web|worker)\\] [^\\n]*')
  })
})
