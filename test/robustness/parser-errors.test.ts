/**
 * Requests Node's HTTP parser refuses (a broken request line, bad header bytes, oversized headers,
 * broken chunked framing, HTTP/0.9) get the owning API's error — DigitalOcean JSON with its headers
 * on `/v2` paths, Akkeris text elsewhere — never Node's bare `400` or a dropped socket, and each
 * is journalled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { rawExchange, rawRequest, type RawAnswer } from '../support/raw-http.js'

const sim = createSim({ seed: 5 })
let server: RunningServer
beforeAll(async () => (server = await sim.listen({ port: 0 })))
afterAll(() => server.close())

const send = (bytes: string, halfClose = false) => rawExchange(server.port, bytes, { halfClose })

/** DigitalOcean's error: JSON `{id, message, request_id}`, `x-request-id` and the rate-limit headers. */
function expectDigitalOcean(res: RawAnswer, status: number, id: string): void {
  expect(res.status).toBe(status)
  expect(res.headers['content-type']).toMatch(/^application\/json/)
  const body = JSON.parse(res.body)
  expect(body).toEqual({ id, message: expect.any(String), request_id: res.headers['x-request-id'] })
  expect(res.headers['ratelimit-limit']).toBeDefined()
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)))
}

/** Akkeris' error: the message as plain text (under Akkeris' JSON content type), never DigitalOcean's JSON. */
function expectAkkeris(res: RawAnswer, status: number, text: RegExp): void {
  expect(res.status).toBe(status)
  expect(res.body).toMatch(text)
  expect(res.body).not.toMatch(/^\{/)
  expect(res.headers['content-type']).toBe('application/json')
}

describe('requests the HTTP parser refuses', () => {
  it('answers a broken request line, bad header bytes and duplicate lengths on a DigitalOcean path with its JSON 400', async () => {
    const broken = await send('GET /v2/ap ps HTTP/1.1\r\nHost: x\r\n\r\n')
    expectDigitalOcean(broken, 400, 'bad_request')
    expect(JSON.parse(broken.body).message).toMatch(/^malformed HTTP request: .*\(HPE_/)
    expectDigitalOcean(await send(`GET /v2/apps HTTP/1.1\r\nHost: x\r\nX-Bad\x01: y\r\nAuthorization: Bearer ${DEFAULT_TOKEN}\r\n\r\n`), 400, 'bad_request')
    expectDigitalOcean(await send('GET /v2/apps HTTP/1.1\nHost: x\n\n'), 400, 'bad_request')
    // Node reads an HTTP/0.9 request line (no version, so no headers): it gets the API's own answer
    expectDigitalOcean(await send('GET /v2/apps\r\n\r\n'), 401, 'unauthorized')
    // an HTTP/2 preface (`PRI *`) names no path: Akkeris text, as for every path outside /v2
    expectAkkeris(await send('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 400, /^malformed HTTP request: .*HPE_PAUSED_H2_UPGRADE/)
    expectDigitalOcean(await send('GET /v2/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'), 400, 'bad_request')
  })

  it('answers oversized headers with 431 and broken chunked bodies with 400, in each API format', async () => {
    const overflow = `X-Pad: ${'a'.repeat(20_000)}\r\n`
    expectDigitalOcean(await send(`GET /v2/apps HTTP/1.1\r\nHost: x\r\n${overflow}\r\n`), 431, 'request_header_fields_too_large')
    expectAkkeris(await send(`GET /apps HTTP/1.1\r\nHost: x\r\n${overflow}\r\n`), 431, /^the request headers are larger than \d+ KiB$/)
    const chunked = 'Host: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'
    expectDigitalOcean(await send(`POST /v2/apps/x/restart HTTP/1.1\r\n${chunked}`), 400, 'bad_request')
    expectAkkeris(await send(`POST /apps/api-default/log-sessions HTTP/1.1\r\n${chunked}`), 400, /^malformed HTTP request: /)
  })

  it('answers a request cut off by the client while the socket can still be written', async () => {
    const cut = await send('POST /v2/apps/x/restart HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{}', true)
    expect(cut.closedWithoutAnswer).toBe(false)
    expectDigitalOcean(cut, 400, 'bad_request')
  })

  it('journals each refusal and keeps answering', async () => {
    const before = sim.journal.list().length
    await send('GET /v2/apps HTTP/9.9\r\n\r\n')
    const entry = sim.journal.list().at(-1)!
    expect(sim.journal.list().length).toBe(before + 1)
    expect(entry).toMatchObject({ provider: 'digitalocean', operationId: null, method: 'GET', path: '/v2/apps', status: 400 })
    const ok = await rawRequest(server.port, `GET /v2/apps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${DEFAULT_TOKEN}`)
    expect(ok.status).toBe(200)
  })
})
