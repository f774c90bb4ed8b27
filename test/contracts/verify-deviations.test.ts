/**
 * One small deviation at a time, as a fake or a changed API might have it: `paasim verify` in front
 * of the simulator exits 1 and names each one by its place (body path or header) with the expected
 * and the actual value. Each case replays only the interactions it touches (`--pact` with a copy of
 * the shipped contract narrowed to them), the way a team narrows a run to what it is debugging.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/cli/verify.js'
import { createSim, type Simulation } from '../../src/index.js'
import type { Mismatch, PactFile, VerifyReport } from '../../src/contracts/types.js'
import type { RunningServer } from '../../src/transports/server.js'
import { tempFolder } from '../support/temp.js'

const TOKEN = 'dop_v1_deviations'
const BURSTY = 'dop_v1_bursty'

/** A response on its way back through the proxy; a deviation edits it in place. */
interface Passing {
  path: string
  status: number
  headers: Map<string, string>
  text: string
}

interface Deviation {
  what: string
  provider: 'akkeris' | 'digitalocean'
  /** The interactions (by description) the case replays. */
  interactions: RegExp
  deviate(res: Passing): void
  /** What the report must name, in some failing interaction. */
  finds: Partial<Omit<Mismatch, 'message' | 'path'>> & { path: string | RegExp; message: RegExp }
}

/** Edits a JSON body in place. */
const json = (res: Passing, edit: (body: any) => void) => {
  if (!/json/.test(res.headers.get('content-type') ?? '') || !/^[[{]/.test(res.text)) return
  const body = JSON.parse(res.text)
  edit(body)
  res.text = JSON.stringify(body)
}

const DEVIATIONS: Deviation[] = [
  {
    what: 'Akkeris metric samples sent as numbers, not strings',
    provider: 'akkeris',
    interactions: /metrics at a 10 minute resolution/,
    deviate: (res) => json(res, (body) => void Object.values(body).forEach((type: any) => Object.values(type).forEach((series: any) => Object.keys(series).forEach((k) => (series[k] = Number(series[k])))))),
    finds: { kind: 'body', path: /^\$\.web\.[a-z_]+\['[0-9]+'\]$/, message: /^expected a string but got number/ },
  },
  {
    what: 'a build slug number sent as a number',
    provider: 'akkeris',
    interactions: /^a request for a finished build$/,
    deviate: (res) => json(res, (body) => void (body.slug.number = Number(body.slug.number))),
    finds: { kind: 'body', path: '$.slug.number', message: /^expected a string but got number/ },
  },
  {
    what: 'a log-session field renamed',
    provider: 'akkeris',
    interactions: /^a request to create a log session for an app$/,
    deviate: (res) => (res.text = res.text.replace('"logplex_url":', '"url":')),
    finds: { kind: 'body', path: '$.logplex_url', message: /expected field 'logplex_url' but it is missing/ },
  },
  {
    what: "an Akkeris stream line whose timestamp is not the CLI's `…Z` form",
    provider: 'akkeris',
    interactions: /log session's stream/,
    deviate: (res) => (res.text = res.text.replace(/^(\d{4}-\d\d-\d\d)T(\S+)Z /m, '$1 $2 ')),
    finds: { kind: 'body', path: '$', actual: expect.stringMatching(/^\d{4}-\d\d-\d\d \S+ api-default /), message: /^body: line 1 does not match the line format \/\[0-9\]\{4\}/ },
  },
  {
    what: 'an unmatched route answered with a JSON error body instead of an empty one',
    provider: 'akkeris',
    interactions: /route Akkeris does not have/,
    deviate: (res) => void (res.status === 404 && !res.text && ((res.text = '{"error":"not found"}'), res.headers.set('content-type', 'application/json'))),
    finds: { kind: 'body', path: '$', expected: '', actual: '{"error":"not found"}', message: /^expected the body "" but got/ },
  },
  {
    what: 'DigitalOcean metric values sent as numbers',
    provider: 'digitalocean',
    interactions: /CPU percentage$/,
    deviate: (res) => json(res, (body) => void body.data.result.forEach((r: any) => (r.values = r.values.map(([t, v]: [number, string]) => [t, Number(v)])))),
    finds: { kind: 'body', path: '$.data.result[0].values[0][1]', message: /^expected a string but got number/ },
  },
  {
    what: 'bandwidth_bytes sent as a number',
    provider: 'digitalocean',
    interactions: /^a request for an app's daily bandwidth$/,
    deviate: (res) => json(res, (body) => void body.app_bandwidth_usage.forEach((u: any) => (u.bandwidth_bytes = Number(u.bandwidth_bytes)))),
    finds: { kind: 'body', path: '$.app_bandwidth_usage[0].bandwidth_bytes', message: /^expected a string but got number/ },
  },
  {
    what: 'a historic log archive with the component after the timestamp',
    provider: 'digitalocean',
    interactions: /historic log archive/,
    deviate: (res) => (res.text = res.text.replace(/^(\S+) (\S+Z) /gm, '$2 $1 ')),
    finds: { kind: 'body', path: '$', actual: expect.stringMatching(/^\S+Z [a-z]+ /), message: /^body: line 1 does not match the line format \/\[a-z0-9\]/ },
  },
  {
    what: 'a deployment field renamed',
    provider: 'digitalocean',
    interactions: /^a request for the active deployment of an app$/,
    deviate: (res) => json(res, (body) => void ((body.deployment.status = body.deployment.phase), delete body.deployment.phase)),
    finds: { kind: 'body', path: '$.deployment.phase', message: /expected field 'phase' but it is missing/ },
  },
  {
    what: 'the 429 message in lower case',
    provider: 'digitalocean',
    interactions: /over its burst limit/,
    deviate: (res) => (res.text = res.text.replace('API Rate limit', 'API rate limit')),
    finds: { kind: 'body', path: '$.message', expected: 'API Rate limit exceeded.', actual: 'API rate limit exceeded.', message: /expected "API Rate limit exceeded\." but got "API rate limit exceeded\."/ },
  },
  {
    what: 'no retry-after over the burst limit',
    provider: 'digitalocean',
    interactions: /over its burst limit/,
    deviate: (res) => void res.headers.delete('retry-after'),
    finds: { kind: 'header', path: 'retry-after', actual: null, message: /expected header 'retry-after' \("60"\) but it is missing/ },
  },
  {
    what: 'no x-request-id on an error',
    provider: 'digitalocean',
    interactions: /^a request for an app that does not exist$/,
    deviate: (res) => void res.headers.delete('x-request-id'),
    finds: { kind: 'header', path: 'x-request-id', message: /but it is missing/ },
  },
]

let sim: Simulation
let server: RunningServer
let proxy: Server
let proxyUrl: string
let current: Deviation | undefined
const values: Record<string, string> = {}

beforeAll(async () => {
  sim = createSim({ seed: 5, tokens: [TOKEN, BURSTY], rateLimit: { burst: 100 } })
  await sim.ready
  server = await sim.listen({ port: 0 })
  const build = await sim.akkeris.createBuild('api-default', { outcome: 'succeeded', agoMs: 3600_000 })
  const app = sim.digitalocean.apps()[0]
  const call = async (path: string, init: RequestInit = {}) => (await fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })).json()
  const archive = new URL(((await call(`/v2/apps/${app.id}/logs?type=RUN`)) as { historic_urls: string[] }).historic_urls[0])
  const end = Math.floor(sim.clock.now() / 1000)
  for (let i = 0; i < 100; i++) sim.rateLimits.take(BURSTY)
  Object.assign(values, {
    app: 'api-default',
    build: build.id,
    app_id: app.id,
    deployment_id: sim.digitalocean.deployments(app.id).find((d) => d.state.phase === 'ACTIVE')!.record.id,
    start: String(end - 3600),
    end: String(end),
    archive_path: archive.pathname,
    archive_token: archive.searchParams.get('token')!,
    burst_token: BURSTY,
  })
  // the proxy: the simulator's answer, then the current case's deviation
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type')) as Record<string, string>
    const upstream = await fetch(server.url + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
    const passing: Passing = { path: req.url!.split('?')[0], status: upstream.status, headers: new Map(upstream.headers), text: await upstream.text() }
    for (const drop of ['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']) passing.headers.delete(drop)
    current?.deviate(passing)
    res.writeHead(passing.status, Object.fromEntries(passing.headers)).end(passing.text)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  sim.dispose()
  await server.close()
  await new Promise<void>((resolve) => proxy.close(() => resolve()))
})

const temp = tempFolder('paasim-deviation-')
let narrowedCount = 0

/** The shipped contract of `provider`, narrowed to the interactions `only` names. */
function narrowed(provider: Deviation['provider'], only: RegExp): string {
  const file = provider === 'akkeris' ? 'contracts/paasim-akkeris-api.json' : 'contracts/paasim-digitalocean-apps-api.json'
  const pact = JSON.parse(readFileSync(file, 'utf8')) as PactFile
  pact.interactions = pact.interactions.filter((i) => only.test(i.description))
  const out = temp.file(`pact-${++narrowedCount}.json`)
  writeFileSync(out, JSON.stringify(pact))
  return out
}

/** A log session the Akkeris stream interaction can open once (`--state session=…`). */
async function freshSession(): Promise<string> {
  const res = await fetch(`${server.url}/apps/api-default/log-sessions`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ lines: 5, tail: false }) })
  return ((await res.json()) as { id: string }).id
}

async function runVerify(deviation: Deviation, json: boolean): Promise<{ code: number; out: string }> {
  const states = { ...values, session: deviation.provider === 'akkeris' ? await freshSession() : '' }
  const argv = ['--provider', deviation.provider, '--base-url', proxyUrl, '--token', TOKEN, '--pact', narrowed(deviation.provider, deviation.interactions)]
  for (const [key, value] of Object.entries(states)) if (value) argv.push('--state', `${key}=${value}`)
  if (json) argv.push('--json')
  const lines: string[] = []
  const code = await verify(argv, (l) => lines.push(l), () => {})
  return { code, out: lines.join('\n') }
}

describe('paasim verify in front of a server with one deviation', () => {
  it('passes through the proxy while nothing deviates (every case replays something)', async () => {
    current = undefined
    for (const deviation of DEVIATIONS) {
      const { code, out } = await runVerify(deviation, true)
      const report = JSON.parse(out) as VerifyReport
      expect([code, report.summary.failed, report.summary.skipped], `${deviation.what}\n${out}`).toEqual([0, 0, 0])
      expect(report.summary.passed, deviation.what).toBeGreaterThan(0)
    }
  })

  it.each(DEVIATIONS.map((d) => [d.what, d] as const))('names %s (exit 1, in the summary and in --json)', async (_what, deviation) => {
    current = deviation
    try {
      const human = await runVerify(deviation, false)
      expect(human.code, human.out).toBe(1)
      const { path } = deviation.finds
      const place = typeof path === 'string' ? path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : path.source.replace(/^\^|\$$/g, '')
      expect(human.out).toMatch(new RegExp(`- ${deviation.finds.kind === 'header' ? 'header' : 'body'} ${place}: `))
      expect(human.out).toMatch(/expected: .*\n\s+actual: /)
      const { code, out } = await runVerify(deviation, true)
      expect(code).toBe(1)
      const mismatches = (JSON.parse(out) as VerifyReport).contracts.flatMap((c) => c.interactions.flatMap((i) => i.mismatches))
      expect(mismatches).toContainEqual(
        expect.objectContaining({ ...deviation.finds, path: typeof path === 'string' ? path : expect.stringMatching(path), message: expect.stringMatching(deviation.finds.message) }),
      )
    } finally {
      current = undefined
    }
  })
})
