/**
 * `paasim verify` as CI runs it: against a running simulator (what `paasim serve` serves) it passes;
 * against a server that deviates from Akkeris in small ways it fails and names each deviation;
 * exit codes and the --json report as documented.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/cli/verify.js'
import { main } from '../../src/cli/index.js'
import { createSim, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { pactVerifierAgainst } from '../support/pact.js'
import type { VerifyReport } from '../../src/contracts/types.js'
import { fromPactVerifierJson } from '../../src/contracts/pact-results.js'
import { tempFolder } from '../support/temp.js'

const TOKEN = 'real-account-token'

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await verify(argv, (l) => out.push(l), (l) => err.push(l))
  return { code, out: out.join('\n'), err: err.join('\n') }
}

let sim: Simulation
let server: RunningServer
let states: string[]

beforeAll(async () => {
  // A world arranged the way a real account would be, then named with --state values.
  sim = createSim({ seed: 42, tokens: [TOKEN] })
  await sim.ready
  const finished = await sim.akkeris.createBuild('api-default', { outcome: 'failed', agoMs: 3 * 3600_000 })
  const queued = await sim.akkeris.createBuild('api-default', { queuedMs: 10 * 60_000 })
  const release = sim.akkeris.releases('api-default').at(-1)!
  const drain = await sim.akkeris.createDrain('api-default', 'syslog://127.0.0.1:9')
  server = await sim.listen({ port: 0 })
  states = ['--state', 'app=api-default', '--state', `build=${finished.id}`, '--state', `queuedBuild=${queued.id}`, '--state', 'site=www.example-shop.io']
  states.push('--state', `release=${release.id}`, '--state', 'space=default', '--state', `drain=${drain.id}`)
})

afterAll(async () => {
  sim.dispose()
  await server.close()
})

describe('paasim verify against the simulator', () => {
  it('passes every interaction it can replay and says how to run the skipped ones (exit 0)', async () => {
    const { code, out } = await run(['--provider', 'akkeris', '--base-url', server.url, '--token', TOKEN, ...states])
    expect(code).toBe(0)
    expect(out).toMatch(/^\s+ok\s+a request for an app \(GET \/apps\/api-default\)/m)
    expect(out).toMatch(/skip\s+a request to create a build: POST \/apps\/api-default\/builds would change the account; --include-writes replays it/)
    expect(out).toMatch(/skip\s+a request for a log session's stream: state "a log session \{session\} was created for app \{app\}" exists only in the simulator/)
    expect(out).toMatch(/skip\s+a request for the apps with a token that may not list them: needs --state forbiddenToken=<value>/)
    expect(out).toMatch(/^37 passed, 0 failed, 8 skipped \(45 interactions, provider akkeris, http:\/\/127\.0\.0\.1:\d+\)$/m)
  })

  it('replays writes with --include-writes and skips states whose values are missing', async () => {
    const { code, out } = await run(['--provider', 'akkeris', '--base-url', server.url, '--token', TOKEN, '--include-writes', '--state', 'app=api-default'])
    expect(code).toBe(0)
    expect(out).toMatch(/ok\s+a request to create a build \(POST \/apps\/api-default\/builds\)/)
    expect(out).toMatch(/skip\s+a request for a finished build: needs --state build=<value> \(state "a build \{build\} of app \{app\} has finished"\)/)
    expect(out).toMatch(/skip\s+a request for a site: needs --state site=<value>/)
  })

  it('verifies every interaction against a fresh simulation with --against-sim (no skips)', async () => {
    const { code, out } = await run(['--against-sim', '--pact', 'contracts/paasim-akkeris-api.json'])
    expect(code).toBe(0)
    expect(out).toMatch(/^45 passed, 0 failed, 0 skipped \(45 interactions, provider akkeris, a fresh simulation\)$/m)
  })
})

/** Akkeris as a careless fake would serve it: a renamed field, JSON error bodies, no RateLimit-Remaining. */
function deviatingProxy(target: string): Promise<Server> {
  const app = express()
  app.use(express.raw({ type: () => true }))
  app.use(async (req, res) => {
    const upstream = await fetch(target + req.originalUrl, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type')) as Record<string, string>,
      body: Buffer.isBuffer(req.body) && req.body.length ? new Uint8Array(req.body) : undefined,
    })
    let text = await upstream.text()
    const type = upstream.headers.get('content-type') ?? 'application/json'
    if (/^application\/json/.test(type)) {
      try {
        text = JSON.stringify(JSON.parse(text), (key, value) => value) // valid JSON: rename below
        text = text.replace(/"output_stream_url":/g, '"output_url":') // (a) a renamed field
      } catch {
        if (upstream.status >= 400) text = JSON.stringify({ message: text }) // (b) a JSON error body where Akkeris sends text
      }
    }
    res.status(upstream.status).type(type).send(text) // (c) RateLimit-Remaining is not passed on
  })
  const server = createServer(app)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('paasim verify against a server that deviates from Akkeris', () => {
  let proxy: Server
  let url: string
  beforeAll(async () => {
    proxy = await deviatingProxy(server.url)
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())))

  it('fails (exit 1) and names the renamed field, the JSON error body and the missing header', async () => {
    const { code, out } = await run(['--provider', 'akkeris', '--base-url', url, '--token', TOKEN, ...states])
    expect(code).toBe(1)
    // (a) the renamed field, with its body path and a hint at the new name
    expect(out).toMatch(/a request for a finished build[\s\S]*?- body \$\.output_stream_url: expected field 'output_stream_url' but it is missing/)
    expect(out).toMatch(/body \$\[0\]\.output_stream_url: expected field 'output_stream_url' but it is missing/)
    expect(out).toContain("note: $ has field(s) the contract does not name: output_url (renamed from output_stream_url?)")
    // (b) a JSON error body where Akkeris sends the plain text
    expect(out).toContain(
      '- body $: expected the body "The specified application ghost-default does not exist." but got "{\\"message\\":\\"The specified application ghost-default does not exist.\\"}"',
    )
    // (c) the missing constant header
    expect(out).toContain(`- header RateLimit-Remaining: expected header 'RateLimit-Remaining' ("2400") but it is missing`)
    expect(out).toMatch(/^1 passed, 36 failed, 8 skipped/m) // only the 401 (text/plain, no RateLimit-Remaining) still conforms; even the unmatched route's empty 404 became JSON
  })

  it('prints the same findings as JSON with --json', async () => {
    const { code, out } = await run(['--provider', 'akkeris', '--base-url', url, '--token', TOKEN, '--json', ...states])
    expect(code).toBe(1)
    const report = JSON.parse(out) as VerifyReport
    expect(report).toMatchObject({ provider: 'akkeris', target: url, ok: false, summary: { passed: 1, failed: 36, skipped: 8, total: 45 } })
    const byDescription = new Map(report.contracts[0].interactions.map((i) => [i.description, i]))
    const build = byDescription.get('a request for a finished build')!
    expect(build).toMatchObject({ outcome: 'failed', states: ['a build {build} of app {app} has finished'], request: { method: 'GET', path: expect.stringMatching(/^\/apps\/api-default\/builds\/[0-9a-f-]{36}$/) } })
    expect(build.mismatches).toContainEqual(expect.objectContaining({ kind: 'body', path: '$.output_stream_url', message: "expected field 'output_stream_url' but it is missing" }))
    expect(build.mismatches).toContainEqual({ kind: 'header', path: 'RateLimit-Remaining', expected: '2400', actual: null, message: expect.any(String) })
    const ghost = byDescription.get('a request for an app that does not exist')!
    expect(ghost.mismatches).toContainEqual(
      expect.objectContaining({ kind: 'body', path: '$', expected: 'The specified application ghost-default does not exist.', actual: '{"message":"The specified application ghost-default does not exist."}' }),
    )
    expect(build.notes).toEqual(['$ has field(s) the contract does not name: output_url (renamed from output_stream_url?)'])
    expect(byDescription.get('a request to create a build')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('--include-writes') })
  })

  it("is failed by Pact's own verifier too, on the same deviations (the contract, not only the replayer, catches them)", async () => {
    const values = Object.fromEntries(states.filter((_, i) => i % 2).map((pair) => pair.split('=')))
    const { raw, output } = await pactVerifierAgainst({ provider: 'akkeris', baseUrl: url, pactFile: 'contracts/paasim-akkeris-api.json', stateValues: values, token: TOKEN })
    expect(output.join('\n')).toMatch(/There were \d+ pact failures/) // Pact's own report, kept out of the test output
    const result = fromPactVerifierJson(raw, JSON.parse(readFileSync('contracts/paasim-akkeris-api.json', 'utf8')), 'pact')
    const mismatches = result.interactions.flatMap((i) => i.mismatches)
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'header', path: 'RateLimit-Remaining' }))
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'body', message: expect.stringContaining('missing the following keys: output_stream_url') }))
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'body', path: '$', expected: 'The specified application ghost-default does not exist.' }))
  }, 30_000)
})

describe('paasim verify usage and connection errors', () => {
  const stateful = tempFolder('paasim-stateful-')

  it('exits 2 with usage on bad or missing flags', async () => {
    for (const argv of [[], ['--provider', 'heroku', '--base-url', 'http://x', '--token', 't'], ['--provider', 'akkeris', '--token', 't'], ['--provider', 'akkeris', '--base-url', 'ftp://x', '--token', 't'], ['--provider', 'akkeris', '--base-url', 'http://127.0.0.1:1'], ['--state', 'nokey', '--against-sim'], ['--bogus']]) {
      const { code, err } = await run(argv)
      expect(code, argv.join(' ')).toBe(2)
      expect(err).toMatch(/^paasim verify: /)
      expect(err).toContain('usage: paasim verify')
    }
  })

  it("exits 2 on a pact of the other API (--provider akkeris with DigitalOcean's contract)", async () => {
    const { code, err } = await run(['--provider', 'akkeris', '--base-url', server.url, '--token', TOKEN, '--pact', 'contracts/paasim-digitalocean-apps-api.json'])
    expect(code).toBe(2)
    expect(err).toBe('paasim verify: contracts/paasim-digitalocean-apps-api.json is a pact for digitalocean-apps-api (--provider digitalocean), not for akkeris-api (--provider akkeris)')
  })

  it('exits 2 when every interaction was skipped: a run that verified nothing is not a pass', async () => {
    const pact = JSON.parse(readFileSync('contracts/paasim-akkeris-api.json', 'utf8'))
    pact.interactions = pact.interactions.filter((i: { providerStates?: unknown[] }) => i.providerStates?.length)
    const file = join(stateful.dir, 'pact.json')
    writeFileSync(file, JSON.stringify(pact))
    const { code, out, err } = await run(['--provider', 'akkeris', '--base-url', server.url, '--token', TOKEN, '--pact', file])
    expect(code, out).toBe(2)
    expect(out).toMatch(/^0 passed, 0 failed, \d+ skipped/m)
    expect(err).toContain('every interaction was skipped, so nothing was verified')
  })

  it('exits 2 and says so when the server cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { code, out, err } = await run(['--provider', 'akkeris', '--base-url', `http://127.0.0.1:${port}`, '--token', TOKEN, ...states])
    expect(code).toBe(2)
    expect(err).toMatch(/paasim verify: cannot reach http:\/\/127\.0\.0\.1:\d+\/\S+: ECONNREFUSED/)
    expect(`${out}\n${err}`.match(/ECONNREFUSED/g)).toHaveLength(1) // the error is said once, on stderr
    const json = await run(['--provider', 'akkeris', '--base-url', `http://127.0.0.1:${port}`, '--token', TOKEN, '--json', ...states])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') })
    // what ran before the failure stays in the report (here: skips for want of --state values)
    const partial = JSON.parse((await run(['--provider', 'akkeris', '--base-url', `http://127.0.0.1:${port}`, '--token', TOKEN, '--json'])).out) as VerifyReport
    expect(partial.summary).toMatchObject({ passed: 0, failed: 0, skipped: 1, total: 1 })
  })

  it('exits 2 on a certificate Node does not trust, and says how to trust it', async () => {
    const tls = await sim.listen({ port: 0, tls: true })
    try {
      const { code, err } = await run(['--provider', 'akkeris', '--base-url', tls.url, '--token', TOKEN])
      expect(code).toBe(2)
      expect(err).toMatch(/: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE) \(.*set NODE_EXTRA_CA_CERTS to its certificate file\)$/)
    } finally {
      await tls.close()
    }
  })

  it("is reachable as 'paasim verify' and prints its help", async () => {
    const lines: string[] = []
    const log = console.log
    console.log = (line: string) => void lines.push(line)
    try {
      expect(await main(['verify', '--help'])).toBe(0)
    } finally {
      console.log = log
    }
    expect(lines.join('\n')).toContain('--include-writes')
  })
})

describe("paasim verify --against-sim with a team's own pact", () => {
  const temp = tempFolder('paasim-user-pact-')
  let count = 0
  const pactFile = (interactions: unknown[]) => {
    const file = temp.file(`dashboard-akkeris-api-${++count}.json`)
    writeFileSync(file, JSON.stringify({ consumer: { name: 'dashboard' }, provider: { name: 'akkeris-api' }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } }))
    return file
  }
  const getApp = (state: string, body: unknown) => ({
    description: 'the dashboard reads an app',
    providerStates: [{ name: state, params: { app: 'web-prod' } }],
    request: { method: 'GET', path: '/apps/web-prod', headers: { Authorization: 'Bearer dashboard-token' } },
    response: { status: 200, body, matchingRules: { body: { '$.id': { matchers: [{ match: 'type' }] } } } },
  })

  it('passes when the pact fits the APIs as paasim models them, with the documented states and its own token', async () => {
    const file = pactFile([getApp('an app {app} exists', { id: 'x', name: 'web-prod', simple_name: 'web' })])
    const { code, out } = await run(['--against-sim', '--pact', file, '--token', 'dashboard-token'])
    expect(code, out).toBe(0)
    expect(out).toMatch(/^1 passed, 0 failed, 0 skipped/m)
  })

  it("accepts the tokens the pact sends without --token, except the one its 401 interaction expects to be refused", async () => {
    const refused = { description: 'the dashboard with a revoked token', request: { method: 'GET', path: '/apps', headers: { Authorization: 'Bearer revoked-token' } }, response: { status: 401 } }
    const file = pactFile([getApp('an app {app} exists', { id: 'x', name: 'web-prod' }), refused])
    const { code, out } = await run(['--against-sim', '--pact', file])
    expect(code, out).toBe(0)
    expect(out).toMatch(/^2 passed, 0 failed, 0 skipped/m)
  })

  it('fails on a field paasim does not serve and on a state outside the vocabulary', async () => {
    const file = pactFile([
      getApp('an app {app} exists', { id: 'x', name: 'web-prod', owner_name: 'Ann' }),
      { ...getApp('the app {app} is deployed', { id: 'x' }), description: 'with an unknown state' },
    ])
    const { code, out } = await run(['--against-sim', '--pact', file, '--token', 'dashboard-token'])
    expect(code).toBe(1)
    expect(out).toContain("body $.owner_name: expected field 'owner_name' but it is missing")
    expect(out).toMatch(/state: could not set up the provider state: unknown provider state "the app \{app\} is deployed"; the akkeris vocabulary is: "an app \{app\} exists"/)
  })
})
