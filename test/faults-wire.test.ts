/**
 * Connection faults as bytes on the wire of the standalone server: what a raw socket reads for a
 * reset, an empty answer, bytes that are not HTTP, and a body cut short of its Content-Length.
 */
import { connect } from 'node:net'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSim, type Simulation } from '../src/index.js'
import type { RunningServer } from '../src/transports/server.js'
import { AUTH, TOKEN } from './support/transports.js'

let sim: Simulation
let server: RunningServer
beforeEach(async () => {
  sim = createSim({ seed: 42, tokens: [TOKEN] })
  await sim.ready
  server = await sim.listen({ port: 0 })
})
afterEach(async () => {
  sim.dispose()
  await server.close()
})

/** What a raw socket saw: every byte, and how the connection ended (`extra` adds header lines). */
async function rawGet(path: string, extra = ''): Promise<{ bytes: Buffer; ended: 'closed' | 'reset' }> {
  const socket = connect(server.port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (d: Buffer) => chunks.push(d))
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH.authorization}\r\n${extra}\r\n`)
  const ended = await new Promise<'closed' | 'reset'>((resolve) => {
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNRESET' ? 'reset' : 'closed'))
    socket.on('end', () => resolve('closed'))
  })
  socket.destroy()
  return { bytes: Buffer.concat(chunks), ended }
}

it('a reset is a TCP RST before any byte', async () => {
  sim.faults.add({ operationId: 'apps.list', kind: 'reset' })
  expect(await rawGet('/apps')).toEqual({ bytes: Buffer.alloc(0), ended: 'reset' })
})

it('an empty answer closes the connection cleanly without a byte', async () => {
  sim.faults.add({ operationId: 'apps.list', kind: 'empty' })
  expect(await rawGet('/apps')).toEqual({ bytes: Buffer.alloc(0), ended: 'closed' })
})

it('a malformed answer is seeded bytes that are no status line, then a close', async () => {
  sim.faults.add({ operationId: 'apps.list', kind: 'malformed' })
  const first = await rawGet('/apps')
  expect(first.ended).toBe('closed')
  expect(first.bytes.length).toBeGreaterThanOrEqual(24)
  expect(first.bytes.subarray(0, 5).toString('latin1')).not.toBe('HTTP/')
  // the same seed and the same requests give the same bytes
  const again = createSim({ seed: 42, tokens: [TOKEN] })
  await again.ready
  const replay = await again.listen({ port: 0 })
  try {
    again.faults.add({ operationId: 'apps.list', kind: 'malformed' })
    const socket = connect(replay.port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (d: Buffer) => chunks.push(d))
    socket.write(`GET /apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH.authorization}\r\n\r\n`)
    await new Promise((resolve) => socket.on('close', resolve))
    expect(Buffer.concat(chunks)).toEqual(first.bytes)
  } finally {
    again.dispose()
    await replay.close()
  }
})

it('a truncated answer has the head of the whole body and only its first bytes', async () => {
  const whole = await (await fetch(`${server.url}/apps/api-default`, { headers: AUTH })).text()
  sim.faults.add({ operationId: 'apps.get', kind: 'truncate', bytes: 20 })
  const { bytes, ended } = await rawGet('/apps/api-default')
  const text = bytes.toString('utf8')
  const [head, body] = text.split('\r\n\r\n')
  expect(ended).toBe('closed')
  expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
  expect(head).toContain(`Content-Length: ${Buffer.byteLength(whole)}`)
  expect(body).toBe(whole.slice(0, 20))
})

it('breaks an answer written outside Express the same way: a refused WebSocket upgrade of the live logs', async () => {
  const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
  const refused = await rawGet('/v2/live-logs?token=forged', upgrade)
  expect(refused.bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 403 /)
  sim.faults.add({ operationId: 'live_logs.stream', kind: 'reset' })
  expect(await rawGet('/v2/live-logs?token=forged', upgrade)).toEqual({ bytes: Buffer.alloc(0), ended: 'reset' })
})
