/**
 * What only the standalone server does: wire header case, gzip on request, chunked request bodies,
 * and the official Akkeris CLI's own way of talking to it over `--tls`.
 */
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'

/** A raw HTTP exchange, so header names and encodings are seen as they are on the wire. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; chunks?: string[] } = {}): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (d) => parts.push(d))
      res.on('end', () => resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body: Buffer.concat(parts) }))
    })
    req.on('error', reject)
    for (const chunk of options.chunks ?? []) req.write(chunk)
    req.end()
  })
}

describe('Akkeris on the standalone server', () => {
  let sim: Simulation
  let server: RunningServer
  const auth = { authorization: 'Bearer t', 'content-type': 'application/json', 'user-agent': 'akkeris-cli' }
  beforeAll(async () => {
    sim = createSim({ tokens: ['t'] })
    server = await sim.listen({ port: 0 })
  })
  afterAll(() => server.close())

  it('sends RateLimit-Remaining and Content-Type in Akkeris’ header case', async () => {
    const res = await raw(`${server.url}/apps/api-default`, { headers: auth })
    const names = res.rawHeaders.filter((_, i) => i % 2 === 0)
    expect(names).toContain('RateLimit-Remaining')
    expect(names).toContain('Content-Type')
    expect(names).toContain('Content-Length')
    const gzipped = await raw(`${server.url}/apps`, { headers: { ...auth, 'accept-encoding': 'gzip' } })
    // every name, Node's own (Date, Connection, Keep-Alive) and gzip's included, as Express writes them
    for (const name of [...names, ...gzipped.rawHeaders.filter((_, i) => i % 2 === 0)]) expect(name).toMatch(/^[A-Z][a-zA-Z]*(-[A-Z][a-zA-Z]*)*$/)
  })

  it('gzips JSON when the client accepts gzip, as the real server does', async () => {
    const res = await raw(`${server.url}/apps`, { headers: { ...auth, 'accept-encoding': 'gzip' } })
    const headers = Object.fromEntries(res.rawHeaders.reduce<string[][]>((acc, v, i) => (i % 2 ? (acc[acc.length - 1].push(v), acc) : [...acc, [v.toLowerCase()]]), []))
    expect(headers['content-encoding']).toBe('gzip')
    expect(Number(headers['content-length'])).toBe(res.body.length)
    expect(JSON.parse(gunzipSync(res.body).toString('utf8'))[0].name).toBe('api-default')
    const plain = await raw(`${server.url}/apps`, { headers: auth })
    expect(plain.rawHeaders.map((h) => h.toLowerCase())).not.toContain('content-encoding')
  })

  it('accepts a chunked POST body without content-length, as the official CLI sends it', async () => {
    const res = await raw(`${server.url}/apps/api-default/log-sessions`, { method: 'POST', headers: { ...auth, 'transfer-encoding': 'chunked' }, chunks: ['{"lines":', '5,"tail":false}'] })
    expect(res.status).toBe(201)
    expect(JSON.parse(res.body.toString('utf8')).logplex_url).toMatch(/\/log-sessions\/[0-9a-f-]{36}$/)
  })
})

/**
 * Requests made the way the official CLI (`aka`/`ak`) makes them: Node's https client, JSON
 * content-type even on GET, gzip accepted and undone by hand, POST bodies written without a
 * content-length (so chunked), and the CA trusted as NODE_EXTRA_CA_CERTS would trust it.
 */
describe('the official Akkeris CLI against the server over TLS', () => {
  let sim: Simulation
  let server: RunningServer
  let ca: string
  beforeAll(async () => {
    sim = createSim({ tokens: ['t'], clock: 'manual', now: '2026-01-01T00:00:00Z' })
    server = await sim.listen({ port: 0, tls: true })
    ca = readFileSync(server.certFile!, 'utf8')
  })
  afterAll(() => server.close())

  const ak = (method: string, pathOrUrl: string, payload?: string): Promise<{ status: number; data: any }> =>
    new Promise((resolve, reject) => {
      const url = pathOrUrl.startsWith('http') ? pathOrUrl : server.url + pathOrUrl
      const headers = { 'content-type': 'application/json', authorization: 'Bearer t', accept: '*/*', 'accept-encoding': 'gzip', 'user-agent': 'akkeris-cli' }
      const req = httpsRequest(url, { method, headers, ca }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (d) => parts.push(d))
        res.on('end', () => {
          let body = Buffer.concat(parts)
          if (res.headers['content-encoding'] === 'gzip' && body.length > 0) body = gunzipSync(body)
          const ok = res.statusCode! >= 200 && res.statusCode! < 300
          resolve({ status: res.statusCode!, data: ok && body.length ? JSON.parse(body.toString('utf8')) : body.toString('utf8') })
        })
      })
      req.on('error', reject)
      if (payload) req.write(payload)
      req.end()
    })

  it('builds:output --tail: polls the latest build every 250 ms until a line is exactly Finished:', async () => {
    const builds = (await ak('GET', '/apps/api-default/builds')).data
    const latest = builds[builds.length - 1] // the CLI's "latest"
    expect(latest.status).toBe('pending')
    const seen = new Set<string>()
    let finished: string | undefined
    for (let poll = 0; poll < 40 && !finished; poll++) {
      const build = (await ak('GET', `/apps/api-default/builds/${latest.id}`)).data
      expect(build.output_stream_url.startsWith(`${server.url}/`)).toBe(true) // fetched as-is, so it must be https here
      const { lines } = (await ak('GET', build.output_stream_url)).data as { lines: string[] }
      const fresh = lines.filter((l) => !seen.has(l))
      for (const l of fresh) seen.add(l)
      finished = fresh.find((l) => l === 'Finished: SUCCESS' || l === 'Finished: FAILURE')
      sim.clock.advance('30s')
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(finished).toBe('Finished: SUCCESS')
  })

  it('logs -t -d web: opens logplex_url with https only and gets one line per chunk, which -d filters', async () => {
    const session = (await ak('POST', '/apps/api-default/log-sessions', JSON.stringify({ lines: 100, tail: true }))).data
    expect(session.logplex_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/log-sessions\//) // an http:// URL would throw: Protocol "http:" not supported
    const chunks = await new Promise<string[]>((resolve, reject) => {
      const got: string[] = []
      const req = httpsRequest(session.logplex_url, { ca }, (res) => {
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          got.push(d)
          const lines = got.join('').split('\n').length - 1
          if (lines === 100) sim.clock.advance('20s')
          if (lines >= 130) req.destroy()
        })
      })
      req.on('close', () => resolve(got))
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(got) : reject(err)))
      req.setNoDelay(true)
      req.end()
    })
    // the CLI tests each chunk with /^<ts> <host> app\[web/m and prints it whole: a chunk must be one line
    for (const chunk of chunks) expect(chunk.indexOf('\n'), chunk.slice(0, 100)).toBeGreaterThanOrEqual(chunk.length - 1)
    const printed = chunks.filter((c) => /^([A-z0-9:\-+.]+Z) ([A-z\-0-9.]+) app\[web.*/m.test(c)).join('').split('\n').filter(Boolean)
    expect(printed.length).toBeGreaterThan(10)
    for (const line of printed) expect(line).toMatch(/^\S+Z api-default app\[web\./)
  })

  it('metrics -r 10m -f -t: ISO dates sent unencoded', async () => {
    const res = await ak('GET', '/apps/api-default/metrics?resolution=10m&from=2025-12-31T12:00:00.000Z&to=2025-12-31T14:00:00.000Z')
    expect(res.status).toBe(200)
    const samples = Object.keys(res.data.web.cpu_usage_seconds_total).map(Number)
    expect(samples).toHaveLength(13)
    expect(samples[0]).toBe(Date.parse('2025-12-31T12:00:00Z') / 1000)
    expect(samples[1] - samples[0]).toBe(600)
  })
})
