/** `paasim verify --broker-url … --provider-version …`: pacts fetched from a Pact Broker and results published back (a fake broker on loopback). */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { verify } from '../../src/cli/verify.js'
import { createSim, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'

let broker: Server
let brokerUrl: string
let sim: Simulation
let api: RunningServer
const seen: Array<{ method: string; path: string; auth?: string; body?: unknown }> = []

beforeAll(async () => {
  const app = express()
  app.use(express.json())
  app.use((req, _res, next) => {
    seen.push({ method: req.method, path: req.path, auth: req.headers.authorization, body: req.body })
    next()
  })
  app.get('/', (_req, res) => res.json({ _links: { 'pb:provider-pacts-for-verification': { href: `${brokerUrl}/pacts/provider/{provider}/for-verification`, templated: true } } }))
  app.post('/pacts/provider/:provider/for-verification', (req, res) =>
    res.json({ _embedded: { pacts: req.params.provider === 'akkeris-api' ? [{ _links: { self: { href: `${brokerUrl}/pacts/akkeris-api/latest` } } }] : [] } }),
  )
  app.get('/pacts/akkeris-api/latest', (_req, res) =>
    res.json({ ...JSON.parse(readFileSync('contracts/paasim-akkeris-api.json', 'utf8')), _links: { 'pb:publish-verification-results': { href: `${brokerUrl}/results` } } }),
  )
  app.post('/results', (_req, res) => res.status(201).json({}))
  broker = createServer(app)
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', () => resolve()))
  brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`
  sim = createSim({ seed: 7, tokens: ['t0k'] })
  await sim.ready
  api = await sim.listen({ port: 0 })
})

afterAll(async () => {
  sim.dispose()
  await api.close()
  await new Promise<void>((resolve) => broker.close(() => resolve()))
})

it('verifies the pacts the broker lists and publishes the results as the provider version', async () => {
  const out: string[] = []
  const code = await verify(
    ['--provider', 'akkeris', '--base-url', api.url, '--token', 't0k', '--state', 'app=api-default', '--broker-url', brokerUrl, '--broker-token', 'broker-secret', '--provider-version', '1.4.2'],
    (l) => out.push(l),
    (l) => out.push(l),
  )
  expect(code, out.join('\n')).toBe(0)
  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /', 'POST /pacts/provider/akkeris-api/for-verification', 'GET /pacts/akkeris-api/latest', 'POST /results'])
  expect(seen.every((s) => s.auth === 'Bearer broker-secret')).toBe(true)
  const published = seen.at(-1)!.body as { success: boolean; providerApplicationVersion: string; testResults: Array<{ interactionDescription: string; success: boolean }> }
  expect(published).toMatchObject({ success: true, providerApplicationVersion: '1.4.2', verifiedBy: { implementation: 'paasim verify' } })
  expect(published.testResults.map((r) => r.interactionDescription)).toContain('a request for an app')
  expect(published.testResults.every((r) => r.success)).toBe(true)
})

it('exits 2 when the broker cannot be reached, with a JSON report under --json', async () => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()))
  const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  const out: string[] = []
  const err: string[] = []
  const code = await verify(['--provider', 'akkeris', '--base-url', api.url, '--token', 't0k', '--broker-url', gone, '--json'], (l) => out.push(l), (l) => err.push(l))
  expect(code).toBe(2)
  expect(err.join('\n')).toMatch(/^paasim verify: cannot reach the Pact Broker at http:\/\/127\.0\.0\.1:\d+\/: ECONNREFUSED/)
  expect(JSON.parse(out.join('\n'))).toMatchObject({ provider: 'akkeris', ok: false, summary: { total: 0 }, error: expect.stringContaining('cannot reach the Pact Broker') })
})

it('refuses --provider-version with local pact files before running anything (they cannot be published)', async () => {
  const err: string[] = []
  const code = await verify(['--provider', 'akkeris', '--base-url', api.url, '--token', 't0k', '--pact', 'contracts/paasim-akkeris-api.json', '--broker-url', brokerUrl, '--provider-version', '1.4.2'], () => {}, (l) => err.push(l))
  expect(code).toBe(2)
  expect(err.join('\n')).toMatch(/^paasim verify: --provider-version publishes the results of pacts fetched from the broker; drop --pact\/--contracts/)
})
