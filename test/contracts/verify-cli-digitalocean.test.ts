/**
 * `paasim verify --provider digitalocean` as CI runs it: against a running simulator arranged like a
 * real account (states named with --state, tokens with restricted scopes and used-up limits) it
 * passes; against a server that drops a `ratelimit-*` header and renames a field it fails (exit 1)
 * and names each deviation; `--against-sim` verifies the shipped contract with no skips.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/cli/verify.js'
import { createSim, type Simulation } from '../../src/index.js'
import { fromPactVerifierJson } from '../../src/contracts/pact-results.js'
import type { VerifyReport } from '../../src/contracts/types.js'
import type { RunningServer } from '../../src/transports/server.js'
import { pactVerifierAgainst } from '../support/pact.js'

const TOKEN = 'dop_v1_real-account-token'
const APP_ONLY = 'dop_v1_app-read-only'
const MONITORING_ONLY = 'dop_v1_monitoring-read-only'
const LIMITED = 'dop_v1_used-up'
const BURSTY = 'dop_v1_bursty'
const BURST = 1000
const PACT = 'contracts/paasim-digitalocean-apps-api.json'

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
  // the default world (several apps) plus one app arranged as the states describe, on a manual clock
  sim = createSim({
    seed: 42,
    tokens: [TOKEN, { token: APP_ONLY, scopes: ['app:read'] }, { token: MONITORING_ONLY, scopes: ['monitoring:read'] }, LIMITED, BURSTY],
    rateLimit: { burst: BURST },
  })
  await sim.ready
  const app = await sim.digitalocean.createApp({
    name: 'checkout',
    agoMs: 30 * 3600_000,
    components: [
      { name: 'api', kind: 'service', stack: 'go', instanceCount: 3 },
      { name: 'seed', kind: 'job', stack: 'go' },
    ],
  })
  const deployment = await sim.digitalocean.createDeployment(app.id, { agoMs: 24 * 3600_000 })
  const invocation = await sim.digitalocean.createJobInvocation(app.id, 'seed', { agoMs: 3600_000, succeeds: true })
  const event = await sim.digitalocean.createAutoscaleEvent(app.id, 'api', { agoMs: 2 * 3600_000 })
  const idle = await sim.digitalocean.createApp({ name: 'never-deployed', components: [{ name: 'web' }] })
  const running = await sim.digitalocean.createDeployment(app.id) // still building: the clock is manual
  sim.digitalocean.exhaustRateLimit(LIMITED)
  for (let i = 0; i < BURST; i++) sim.rateLimits.take(BURSTY)
  server = await sim.listen({ port: 0 })
  const end = Math.floor(sim.clock.now() / 1000)
  // a historic URL of the app's RUN logs, as a client would get it, split into path and token
  const logs = (await (await fetch(`${server.url}/v2/apps/${app.id}/logs?type=RUN`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { historic_urls: string[] }
  const archive = new URL(logs.historic_urls[0])
  const values = {
    app_id: app.id,
    deployment_id: deployment.record.id,
    component_name: 'api',
    job_name: 'seed',
    job_invocation_id: invocation.id,
    event_id: event.id,
    start: String(end - 3600),
    end: String(end),
    idle_app_id: idle.id,
    app_count: '3',
    app_only_token: APP_ONLY,
    read_only_token: APP_ONLY, // app:read only, so no app:update either
    running_deployment_id: running.record.id,
    monitoring_only_token: MONITORING_ONLY,
    limited_token: LIMITED,
    burst_token: BURSTY,
    archive_path: archive.pathname,
    archive_token: archive.searchParams.get('token')!,
  }
  states = Object.entries(values).flatMap(([k, v]) => ['--state', `${k}=${v}`])
})

afterAll(async () => {
  sim.dispose()
  await server.close()
})

describe('paasim verify --provider digitalocean against the simulator', () => {
  it('passes every interaction, scopes, rate limits and writes included, when every state has a value (exit 0)', async () => {
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', server.url, '--token', TOKEN, '--include-writes', ...states])
    expect(code, out).toBe(0)
    expect(out).toMatch(/^\s+ok\s+a request with a token over its burst limit \(GET \/v2\/apps\)/m)
    expect(out).toMatch(/^\s+ok\s+a request for the daily bandwidth of a list of apps \(POST \/v2\/apps\/metrics\/bandwidth_daily\)/m)
    expect(out).toMatch(/^\s+ok\s+a request for a historic log archive of the RUN logs \(GET \/v2\/log-archive\?token=\S+\)/m)
    expect(out).toMatch(/^45 passed, 0 failed, 0 skipped \(45 interactions, provider digitalocean, http:\/\/127\.0\.0\.1:\d+\)$/m)
  })

  it('skips the interactions whose states have no --state value, naming the flags they need', async () => {
    const app = states.slice(0, 2)
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', server.url, '--token', TOKEN, ...app])
    expect(code, out).toBe(0)
    expect(out).toMatch(/ok\s+a request for an app's health \(GET \/v2\/apps\/[0-9a-f-]{36}\/health\)/)
    expect(out).toMatch(/skip\s+a request for the apps with a token without app:read: needs --state monitoring_only_token=<value> \(state "a token \{monitoring_only_token\} without the app:read scope"\)/)
    expect(out).toMatch(/skip\s+a request with a token whose hourly rate limit is used up: needs --state limited_token=<value>/)
    expect(out).toMatch(/skip\s+a request for an app's CPU percentage: needs --state start=<value> --state end=<value>/)
    expect(out).toMatch(/skip\s+a request for a historic log archive of the RUN logs: state "the RUN logs of app \{app_id\} are archived at \{archive_path\} with token \{archive_token\}" exists only in the simulator: .*; against a server that has it \(such as paasim serve\), --state archive_path=<value> --state archive_token=<value> replays it/)
    expect(out).toMatch(/^\d+ passed, 0 failed, \d+ skipped \(45 interactions/m)
  })

  it('warns about a --state key no interaction takes (a typo, or the other API\'s), and still runs', async () => {
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', server.url, '--token', TOKEN, '--state', 'app=checkout', '--state', 'appid=x', '--json'])
    expect(code, out).toBe(0)
    const report = JSON.parse(out) as VerifyReport
    expect(report.warnings).toEqual([expect.stringMatching(/^--state app=… is not a value any interaction takes \(they take: app_count, app_id, app_only_token, /), expect.stringMatching(/^--state appid=…/)])
    const human = await run(['--provider', 'digitalocean', '--base-url', server.url, '--token', TOKEN, '--state', 'appid=x'])
    expect(human.out).toMatch(/^warning: --state appid=… is not a value any interaction takes/m)
  })

  it('verifies the shipped contract against a fresh simulation with --against-sim (no skips)', async () => {
    const { code, out } = await run(['--against-sim', '--pact', PACT])
    expect(code, out).toBe(0)
    expect(out).toMatch(/^45 passed, 0 failed, 0 skipped \(45 interactions, provider digitalocean, a fresh simulation\)$/m)
  })
})

/** DigitalOcean as a careless fake would serve it: the spec example's `historic_logs`, and no `ratelimit-reset`. */
function deviatingProxy(target: string): Promise<Server> {
  const app = express()
  app.use(express.raw({ type: () => true }))
  app.use(async (req, res) => {
    const upstream = await fetch(target + req.originalUrl, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type')) as Record<string, string>,
      body: Buffer.isBuffer(req.body) && req.body.length ? new Uint8Array(req.body) : undefined,
    })
    for (const [name, value] of upstream.headers) {
      if (name.startsWith('ratelimit-') && name !== 'ratelimit-reset') res.setHeader(name, value) // (a) ratelimit-reset is dropped
      if (name === 'x-request-id' || name === 'retry-after') res.setHeader(name, value)
    }
    const text = (await upstream.text()).replace(/"historic_urls":/g, '"historic_logs":') // (b) a renamed field
    res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json').send(text)
  })
  const server = createServer(app)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('paasim verify --provider digitalocean against a server that deviates', () => {
  let proxy: Server
  let url: string
  beforeAll(async () => {
    proxy = await deviatingProxy(server.url)
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())))

  it('fails (exit 1) and names the missing header and the renamed field', async () => {
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', url, '--token', TOKEN, ...states])
    expect(code).toBe(1)
    expect(out).toMatch(/FAIL\s+a request for the apps \(GET \/v2\/apps\)[\s\S]*?- header ratelimit-reset: expected header 'ratelimit-reset' \("1767229200"\) but it is missing/)
    expect(out).toMatch(/a request for the BUILD logs of a deployment[\s\S]*?- body \$\.historic_urls: expected field 'historic_urls' but it is missing/)
    expect(out).toContain('note: $ has field(s) the contract does not name: historic_logs (renamed from historic_urls?)')
    expect(out).toMatch(/^1 passed, 40 failed, 4 skipped/m) // every API response, errors included, must carry ratelimit-reset (the archive is no API response)
  })

  it('reports the same deviations as JSON with --json', async () => {
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', url, '--token', TOKEN, '--json', ...states])
    expect(code).toBe(1)
    const report = JSON.parse(out) as VerifyReport
    expect(report).toMatchObject({ provider: 'digitalocean', target: url, ok: false, summary: { passed: 1, failed: 40, skipped: 4, total: 45 } })
    const byDescription = new Map(report.contracts[0].interactions.map((i) => [i.description, i]))
    const logs = byDescription.get("a request for the RUN logs of an app's active deployment")!
    expect(logs.mismatches).toContainEqual(expect.objectContaining({ kind: 'body', path: '$.historic_urls', message: "expected field 'historic_urls' but it is missing" }))
    expect(logs.mismatches).toContainEqual({ kind: 'header', path: 'ratelimit-reset', expected: '1767229200', actual: null, message: expect.any(String) })
    const limited = byDescription.get('a request with a token over its burst limit')!
    expect(limited.mismatches).toEqual([expect.objectContaining({ kind: 'header', path: 'ratelimit-reset' })]) // retry-after and the body still conform
  })

  it("is failed by Pact's own verifier on the same deviations (the contract, not only the replayer, catches them)", async () => {
    const values = Object.fromEntries(states.filter((_, i) => i % 2).map((pair) => pair.split('=')))
    const { raw, output } = await pactVerifierAgainst({ provider: 'digitalocean', baseUrl: url, pactFile: PACT, stateValues: values, token: TOKEN })
    expect(output.join('\n')).toMatch(/There were \d+ pact failures/) // Pact's own report, kept out of the test output
    const result = fromPactVerifierJson(raw, JSON.parse(readFileSync(PACT, 'utf8')), 'pact')
    const mismatches = result.interactions.flatMap((i) => i.mismatches)
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'header', path: 'ratelimit-reset' }))
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'body', message: expect.stringContaining('historic_urls') }))
    expect(result.interactions.filter((i) => i.outcome === 'passed').map((i) => i.description)).toEqual(['a request for a historic log archive of the RUN logs'])
  }, 30_000)
})
