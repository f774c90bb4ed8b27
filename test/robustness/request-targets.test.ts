/**
 * Every request target form and Host value gets the owning API's answer on the standalone server;
 * routing and handed-out URLs follow the server's own address, never the Host header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { rawRequest } from '../support/raw-http.js'

const sim = createSim({ seed: 3 })
let server: RunningServer
beforeAll(async () => (server = await sim.listen({ port: 0 })))
afterAll(() => server.close())
const AUTH = `Authorization: Bearer ${DEFAULT_TOKEN}`

describe('request targets and Host', () => {
  it('serves absolute-form targets as HTTP/1.1 servers must', async () => {
    const res = await rawRequest(server.port, `GET http://127.0.0.1:${server.port}/v2/apps HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}`)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).apps.length).toBeGreaterThan(0)
  })

  it('answers OPTIONS *, CONNECT and unparsable targets in an API format instead of a generic 500 or a dropped socket', async () => {
    for (const head of [`OPTIONS * HTTP/1.1\r\nHost: x`, `CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}`, `GET http://[::1/v2/apps HTTP/1.1\r\nHost: x`]) {
      const res = await rawRequest(server.port, head)
      expect(res.closedWithoutAnswer, head).toBe(false)
      expect(res.status, head).toBe(404)
      expect(res.body, head).not.toMatch(/Internal Server Error/)
    }
    // a DigitalOcean path in absolute-form keeps DigitalOcean's format: JSON with request_id and the rate-limit headers
    const res = await rawRequest(server.port, `GET http://127.0.0.1/v2/nope HTTP/1.1\r\nHost: a b\r\n${AUTH}`)
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body)).toMatchObject({ id: 'not_found', request_id: res.headers['x-request-id'] })
    expect(res.headers['ratelimit-limit']).toBeDefined()
  })

  it('routes origin-form paths with any bytes the parser takes (backslashes, bad escapes, brackets) to the API that owns them', async () => {
    for (const [path, status] of [['/v2/apps\\x', 404], ['/v2/%zz/%', 404], ['/v2/apps?q=[]{}|^`', 200]] as const) {
      const res = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\n${AUTH}`)
      expect(res.status, path).toBe(status)
      expect(res.headers['x-request-id'], path).toBeDefined()
    }
    // a path no API owns: the empty 404
    expect((await rawRequest(server.port, `GET //v2/apps HTTP/1.1\r\nHost: x`)).status).toBe(404)
  })

  it('ignores the Host header: any value works and none reroutes a request or leaks into a URL', async () => {
    for (const host of ['a b', '%00', '[::1', '127.0.0.1:99999', 'evil.example', 'x/v2']) {
      const res = await rawRequest(server.port, `GET /v2/apps HTTP/1.1\r\nHost: ${host}\r\n${AUTH}`)
      expect(res.status, host).toBe(200)
    }
    // `Host: x/v2` on an Akkeris path stays Akkeris (a JSON array of apps, not DigitalOcean's { apps })
    const akkeris = await rawRequest(server.port, `GET /apps HTTP/1.1\r\nHost: x/v2\r\n${AUTH}`)
    expect(Array.isArray(JSON.parse(akkeris.body))).toBe(true)
    const app = JSON.parse(akkeris.body)[0].name
    const session = await rawRequest(server.port, `POST /apps/${app}/log-sessions HTTP/1.1\r\nHost: evil.example\r\n${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 12`, '{"lines":10}')
    expect(session.status).toBe(201)
    expect(JSON.parse(session.body).logplex_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/`))
  })

  it('refuses WebSocket upgrades with the API headers, and Akkeris paths with Akkeris 404', async () => {
    const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
    const forged = await rawRequest(server.port, `GET /v2/live-logs?token=eyJ4IjoxfQ.0000000000000000 HTTP/1.1\r\nHost: x\r\n${upgrade}`)
    expect(forged.status).toBe(403)
    expect(JSON.parse(forged.body)).toMatchObject({ id: 'forbidden', request_id: forged.headers['x-request-id'] })
    expect(forged.headers['ratelimit-remaining']).toBeDefined()
    // an Akkeris path answers exactly as without the upgrade: Akkeris' empty 404
    const akkeris = await rawRequest(server.port, `GET /apps/api/log-sessions/nope HTTP/1.1\r\nHost: x\r\n${upgrade}`)
    const plain = await rawRequest(server.port, `GET /apps/api/log-sessions/nope HTTP/1.1\r\nHost: x`)
    expect(akkeris).toMatchObject({ status: 404, body: '' })
    expect(akkeris.headers['content-type']).toBe(plain.headers['content-type'])
    expect(akkeris.headers['content-type'] ?? '').not.toMatch(/json/)
  })
})
