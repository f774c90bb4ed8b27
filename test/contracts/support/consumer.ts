/**
 * Consumer-test harness shared by every provider's contract: a PactV4 writing into a temporary
 * folder, then either a comparison with the committed `contracts/<file>` (the default, so drift
 * fails `npm test`) or, with `PAASIM_WRITE_CONTRACTS=1` (`npm run contracts`), a rewrite of it.
 */
import { request, type IncomingHttpHeaders } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { MatchersV3, PactV4 } from '@pact-foundation/pact'
import type { V4ResponseBuilder } from '@pact-foundation/pact/src/v4/http/types.js'
import { afterAll, expect } from 'vitest'
import type { ContractProvider } from '../../../src/contracts/providers.js'

/** Pact's V3/V4 matchers. */
export const M = MatchersV3

/**
 * A string matching `pattern`: Pact's `regex` alone also passes a number whose digits match
 * (`104857600` for `"104857600"`), so this adds a `type` rule (AND) for fields the API sends as strings.
 */
export function stringMatching(pattern: string, example: string): ReturnType<typeof M.regex> {
  if (!new RegExp(pattern).test(example)) throw new Error(`example ${example} does not match ${pattern}`)
  return { 'pact:matcher:type': [M.string(example), M.regex(pattern, example)], value: example } as unknown as ReturnType<typeof M.regex>
}

/** Where committed contracts live. */
export const CONTRACTS_DIR = resolve('contracts')

/** True when the run regenerates the committed contracts (`npm run contracts`). */
export const WRITING = process.env.PAASIM_WRITE_CONTRACTS === '1'

/** Drops what changes with the Pact version, not with the contract. */
export function normaliseContract(json: string): unknown {
  const pact = JSON.parse(json) as { metadata?: Record<string, unknown> }
  const { 'pact-js': _js, pactRust: _rust, ...metadata } = pact.metadata ?? {}
  return { ...pact, metadata }
}

/**
 * A PactV4 for `provider` whose file is checked against (or written to) `contracts/` after the
 * file's tests. Call once per test file, at module level.
 */
export function consumerPact(provider: ContractProvider): PactV4 {
  process.env.PACT_DO_NOT_TRACK ??= 'true'
  const dir = mkdtempSync(join(tmpdir(), 'paasim-pact-'))
  const pact = new PactV4({ consumer: provider.consumer, provider: provider.pactProvider, dir, logLevel: 'error' })
  current = pact
  afterAll(() => {
    const produced = readFileSync(join(dir, provider.file), 'utf8')
    rmSync(dir, { recursive: true, force: true })
    const committedPath = join(CONTRACTS_DIR, provider.file)
    if (WRITING) {
      writeFileSync(committedPath, produced.endsWith('\n') ? produced : produced + '\n')
      return
    }
    let committed: string
    try {
      committed = readFileSync(committedPath, 'utf8')
    } catch {
      throw new Error(`contracts/${provider.file} is missing: run 'npm run contracts' and commit it`)
    }
    expect(normaliseContract(produced), `contracts/${provider.file} differs from what the consumer tests produce: run 'npm run contracts' and commit the result`).toEqual(
      normaliseContract(committed),
    )
  })
  return pact
}

let current: PactV4 | undefined

/**
 * Waits until the mock server has recorded the request as matched. Pact's mock server records a
 * match after it has answered, so on a busy machine `executeTest` could check before it is recorded
 * and report the request as never received; this waits for the record (up to 2 s) instead.
 */
async function recorded(base: string): Promise<void> {
  const core = (current as unknown as { pact?: { mockServerMatchedSuccessfully(port: number): boolean } } | undefined)?.pact
  const port = Number(new URL(base).port)
  if (!core?.mockServerMatchedSuccessfully) return
  for (let i = 0; i < 400 && !core.mockServerMatchedSuccessfully(port); i++) await new Promise((resolve) => setTimeout(resolve, 5))
}

/** Access to the FFI interaction behind a response builder (pact-js has no text-body DSL in V4). */
function ffi(builder: V4ResponseBuilder): { withResponseBody(body: string, contentType: string): void } {
  return (builder as unknown as { interaction: { withResponseBody(body: string, contentType: string): void } }).interaction
}

/**
 * A body compared byte for byte, whatever the Content-Type header says: Akkeris sends plain error
 * text under `application/json`, which Pact's JSON matcher cannot parse, so the body is stored
 * with the wildcard content type `*\/*` (Pact compares such bodies exactly).
 */
export function exactTextBody(builder: V4ResponseBuilder, text: string): V4ResponseBuilder {
  ffi(builder).withResponseBody(text, '*/*')
  return builder
}

/** A `text/plain` body that must match `pattern` as a whole (`^...$`). */
export function textBodyMatching(builder: V4ResponseBuilder, pattern: string, example: string): V4ResponseBuilder {
  if (!new RegExp(pattern).test(example)) throw new Error(`example does not match ${pattern}`)
  ffi(builder).withResponseBody(example, 'text/plain')
  builder.matchingRules({ body: [{ path: '$', rules: [M.regex(pattern, example)] }] })
  return builder
}

/**
 * One request to the mock server on a fresh connection (no keep-alive pool: each interaction has
 * its own mock server, and a pooled socket could reach a previous one), returning status, headers and text.
 */
export async function call(
  base: string,
  method: string,
  path: string,
  init: { token?: string | null; body?: unknown } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string; json<T = any>(): T }> {
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body)
  if (payload !== undefined) headers['content-type'] = 'application/json'
  const response = await new Promise<{ status: number; headers: IncomingHttpHeaders; text: string; json<T = any>(): T }>((resolve, reject) => {
    const req = request(base + path, { method, headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
  await recorded(base)
  return response
}
