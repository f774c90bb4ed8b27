import { describe, expect, it } from 'vitest'
import { checkInvariants, checkLogText, redactUrl } from './checks.js'
import type { Finding } from './types.js'

type Seen = Pick<Finding, 'where' | 'path' | 'message' | 'check'>

function collect(run: (report: (where: Finding['where'], path: string, message: string, check: Finding['check']) => void) => unknown): Seen[] {
  const seen: Seen[] = []
  run((where, path, message, check) => seen.push({ where, path, message, check }))
  return seen
}

const RATE = { 'ratelimit-limit': '5000', 'ratelimit-remaining': '4999', 'ratelimit-reset': '1767229200', 'x-request-id': 'r-1' }

describe('checkInvariants', () => {
  it('accepts a well-formed success and error', () => {
    expect(collect((r) => checkInvariants(200, new Headers(RATE), { apps: [] }, false, r))).toEqual([])
    const body = { id: 'not_found', message: 'x', request_id: 'r-1' }
    expect(collect((r) => checkInvariants(404, new Headers(RATE), body, false, r))).toEqual([])
  })

  it('flags missing or malformed rate-limit headers and a missing request id', () => {
    const seen = collect((r) => checkInvariants(200, new Headers({ 'ratelimit-limit': 'lots', 'ratelimit-reset': '1.5' }), {}, false, r))
    expect(seen.map((s) => s.path)).toEqual(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id'])
    expect(seen.every((s) => s.check === 'invariant' && s.where === 'header')).toBe(true)
  })

  it('requires request_id to equal x-request-id on errors', () => {
    const seen = collect((r) => checkInvariants(401, new Headers(RATE), { id: 'unauthorized', message: 'x', request_id: 'other' }, false, r))
    expect(seen).toEqual([expect.objectContaining({ where: 'body', path: '/request_id', message: expect.stringContaining('"r-1"') })])
    expect(collect((r) => checkInvariants(500, new Headers(RATE), undefined, false, r))).toHaveLength(1)
  })

  it('wants ratelimit-remaining 0 on a 429, and retry-after over the burst limit only', () => {
    const body = { id: 'too_many_requests', message: 'x', request_id: 'r-1' }
    const hourly = { ...RATE, 'ratelimit-remaining': '0' }
    expect(collect((r) => checkInvariants(429, new Headers(hourly), body, false, r))).toEqual([])
    expect(collect((r) => checkInvariants(429, new Headers(hourly), body, true, r))).toEqual([expect.objectContaining({ path: 'retry-after' })])
    expect(collect((r) => checkInvariants(429, new Headers({ ...hourly, 'retry-after': '12' }), body, true, r))).toEqual([])
    expect(collect((r) => checkInvariants(429, new Headers({ ...RATE, 'retry-after': 'soon' }), body, true, r)).map((s) => s.path)).toEqual([
      'ratelimit-remaining',
      'retry-after',
    ])
  })
})

describe('checkLogText', () => {
  it('accepts <component> <RFC3339Nano UTC> <message> lines, empty messages included', () => {
    const text = 'web 2024-05-29T20:14:14.996999111Z {"level":30,"msg":"listening"}\nweb 2024-05-29T20:14:15Z \ndocs 2024-05-29T20:14:15.5Z done\n'
    expect(collect((r) => checkLogText(text, ['web', 'docs'], r))).toEqual([])
    expect(collect((r) => checkLogText('', ['web'], r))).toEqual([])
  })

  it('names the line and what is wrong with it', () => {
    const text = ['web 2024-05-29 20:14:14 no T', 'web 2024-02-30T00:00:00Z impossible day', 'worker 2024-05-29T20:14:14.1234567891Z ten digits', 'api 2024-05-29T20:14:14Z other component'].join('\n')
    const seen = collect((r) => checkLogText(text, ['web', 'worker'], r))
    expect(seen.map((s) => s.path)).toEqual(['line 1', 'line 2', 'line 3', ''])
    expect(seen[1]!.message).toContain('is not a valid UTC timestamp')
    expect(seen[3]!.message).toBe('1 more lines are not <component> <RFC3339Nano UTC> <message>')
    expect(collect((r) => checkLogText('api 2024-05-29T20:14:14Z x', ['web'], r))[0]!.message).toContain('component "api" is not one of web')
  })
})

it('redacts the query of pre-signed URLs', () => {
  expect(redactUrl('http://127.0.0.1:4010/v2/live-logs?token=abc.def')).toBe('http://127.0.0.1:4010/v2/live-logs?…')
  expect(redactUrl('https://logs.example/archive/build.log')).toBe('https://logs.example/archive/build.log')
})
