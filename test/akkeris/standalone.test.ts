/** What only the standalone server does: wire header case, gzip on request, chunked request bodies. */
import { request } from 'node:http'
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
