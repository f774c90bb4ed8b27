/**
 * Drains deliver: an app's lines reach its drains on the simulation clock, framed as logshuttle
 * frames them — logplex batches over HTTP(S) (in-process through msw), syslog over TCP, TLS and
 * UDP (Node: the standalone server, or `enableSyslogDrains`).
 */
import { createSocket } from 'node:dgram'
import { createServer, type Server, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createSim, type Simulation } from '../../src/index.js'
import { enableSyslogDrains, selfSignedCertificate } from '../../src/transports/server.js'
import { lineReader, waitFor } from '../support/streams.js'
import { AUTH, TOKEN } from '../support/transports.js'
import { STRICT } from '../support/msw.js'

const API = 'https://apps.akkeris.io'
const SYSLOG = /^<14>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ quiet-default (web\.[0-9a-z]+-[0-9a-z]{5}|akkeris\/router|akkeris\/build|akkeris\/event) - - - /

let sim: Simulation
afterEach(() => sim?.dispose())

/** A sim with one quiet app (one web dyno, 120 requests a minute), so a log session holds all its recent lines. */
async function quietSim(): Promise<Simulation> {
  sim = createSim({ seed: 7, tokens: [TOKEN], world: 'empty' })
  await sim.akkeris.createApp({ name: 'quiet', formation: { web: 1 }, requestsPerMinute: 120, stack: 'node' })
  return sim
}

const addDrain = async (url: string) => (await (await sim.fetch(`${API}/apps/quiet-default/log-drains`, { method: 'POST', headers: AUTH, body: JSON.stringify({ url }) })).json()) as { id: string }

/** The app's last lines as a log session shows them, turned into the messages a drain receives. */
async function sessionMessages(): Promise<string[]> {
  const session = await (await sim.fetch(`${API}/apps/quiet-default/log-sessions`, { method: 'POST', headers: AUTH, body: JSON.stringify({ lines: 250, tail: false }) })).json()
  const lines = await lineReader(await sim.fetch(session.logplex_url)).rest()
  return lines.map((l) => {
    const [, ts, host, source, text] = /^(\S+) (\S+) (\S+?): (.*)$/.exec(l)!
    const app = source.startsWith('app[')
    return `<14>1 ${ts} ${host} ${app ? source.slice(4, -1) : source} - - - ${text}${app ? ' ' : ''}`
  })
}

/** Splits a logplex body into its messages, checking each length prefix (bytes, newline included). */
function logplexMessages(body: Uint8Array): string[] {
  const out: string[] = []
  const decoder = new TextDecoder()
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at)
    const n = Number(decoder.decode(body.subarray(at, space)))
    const frame = body.subarray(space + 1, space + 1 + n)
    expect(frame.at(-1)).toBe(0x0a)
    out.push(decoder.decode(frame.subarray(0, -1)))
    at = space + 1 + n
  }
  return out
}

describe('HTTP(S) drains, in-process through msw', () => {
  type Batch = { headers: Headers; messages: string[]; status: number }
  const receiver = (status: () => number) => {
    const batches: Batch[] = []
    const server = setupServer(
      ...sim.handlers,
      http.post('https://logs.example.com/drain', async ({ request }) => {
        const s = status()
        batches.push({ headers: request.headers, messages: logplexMessages(new Uint8Array(await request.arrayBuffer())), status: s })
        return new HttpResponse(null, { status: s })
      }),
    )
    server.listen(STRICT)
    return { batches, close: () => server.close() }
  }

  it('posts logplex batches of the app lines, in order, with the Logplex headers and Basic auth from the URL', async () => {
    await quietSim()
    const { batches, close } = receiver(() => 204)
    try {
      const drain = await addDrain('https://user:s3cret@logs.example.com/drain?app=quiet')
      sim.clock.advance('60s')
      await waitFor(() => batches.length > 0, 'a first batch')
      sim.clock.advance('3s') // the 3-second tick sends what waits
      await waitFor(() => sim.drains.stats()['https://user:s3cret@logs.example.com/drain?app=quiet']?.delivered >= 60, 'the lines')
      await new Promise((r) => setTimeout(r, 50))
      const delivered = batches.flatMap((b) => b.messages)
      for (const m of delivered) expect(m).toMatch(SYSLOG)
      expect(batches.map((b) => Number(b.headers.get('logplex-frame-id')))).toEqual(batches.map((_, i) => i + 1))
      for (const b of batches) {
        expect(b.headers.get('content-type')).toBe('application/logplex-1')
        expect(b.headers.get('logplex-msg-count')).toBe(String(b.messages.length))
        expect(b.headers.get('logplex-drain-token')).toBe(drain.id)
        expect(b.headers.get('user-agent')).toBe('Logplex/v72')
        expect(b.headers.get('authorization')).toBe('Basic ' + btoa('user:s3cret'))
        expect(b.messages.length).toBeLessThanOrEqual(65)
      }
      // exactly the app's lines since the drain was created, as a log session shows them, in order
      const expected = await sessionMessages()
      const created = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000) + 1
      const since = expected.filter((m) => Date.parse(m.split(' ')[1]) / 1000 >= created)
      expect(delivered).toEqual(since.slice(0, delivered.length))
      expect(delivered.length).toBeGreaterThan(since.length * 0.9)
    } finally {
      close()
    }
  })

  it('drops a batch the receiver refuses (no retry), and stops at once when the drain is removed', async () => {
    await quietSim()
    let status = 500
    const { batches, close } = receiver(() => status)
    try {
      const drain = await addDrain('https://logs.example.com/drain')
      sim.clock.advance('30s')
      await waitFor(() => batches.length >= 2, 'refused batches')
      await new Promise((r) => setTimeout(r, 50))
      const stats = sim.drains.stats()['https://logs.example.com/drain']
      expect(stats.delivered).toBe(0)
      expect(stats.dropped).toBe(batches.reduce((n, b) => n + b.messages.length, 0))
      const firstLines = batches.map((b) => b.messages[0])
      expect(new Set(firstLines).size).toBe(firstLines.length) // nothing was sent twice
      status = 200
      await sim.fetch(`${API}/apps/quiet-default/log-drains/${drain.id}`, { method: 'DELETE', headers: AUTH })
      const count = batches.length
      sim.clock.advance('60s')
      await new Promise((r) => setTimeout(r, 100))
      expect(batches.length).toBe(count)
      expect(sim.drains.stats()).toEqual({})
    } finally {
      close()
    }
  })

  it('stops delivering when the world is reset', async () => {
    await quietSim()
    const { batches, close } = receiver(() => 200)
    try {
      await addDrain('https://logs.example.com/drain')
      sim.clock.advance('10s')
      await waitFor(() => batches.length > 0, 'a batch')
      await sim.reset({ world: 'empty' })
      const count = batches.length
      sim.clock.advance('60s')
      await new Promise((r) => setTimeout(r, 100))
      expect(batches.length).toBe(count)
    } finally {
      close()
    }
  })
})

describe('syslog drains (Node)', () => {
  const listenTcp = (server: Server, port = 0) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
  const collect = (socket: Socket, into: string[]) => {
    let buffered = ''
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8')
      const parts = buffered.split('\n')
      buffered = parts.pop()!
      into.push(...parts)
    })
  }

  it('writes newline-framed RFC 5424 messages over TCP, and retries every 10 s until a receiver that was down is back', async () => {
    await quietSim()
    enableSyslogDrains(sim)
    const probe = createServer()
    const port = await listenTcp(probe)
    await new Promise((r) => probe.close(r)) // nobody listens there yet
    await addDrain(`syslog://127.0.0.1:${port}`)
    sim.clock.advance('20s')
    await waitFor(() => (sim.drains.stats()[`syslog://127.0.0.1:${port}`]?.failures ?? 0) >= 1, 'a refused connection')

    const received: string[] = []
    const receiver = createServer((socket) => collect(socket, received))
    await listenTcp(receiver, port)
    try {
      sim.clock.advance('10s') // the retry
      await waitFor(() => received.length >= 60, 'the lines')
      await new Promise((r) => setTimeout(r, 50))
      for (const m of received) expect(m).toMatch(SYSLOG)
      const expected = await sessionMessages()
      // nothing was lost while the receiver was down: it starts with the first line after the drain was created
      const first = expected.findIndex((m) => m === received[0])
      expect(first).toBeGreaterThanOrEqual(0)
      expect(Date.parse(received[0].split(' ')[1])).toBe(Date.parse('2026-01-01T00:00:01Z'))
      expect(received).toEqual(expected.slice(first, first + received.length))
    } finally {
      sim.dispose()
      await new Promise((r) => receiver.close(r))
    }
  })

  it('delivers over TLS (trusting a given CA) and one datagram per message over UDP', async () => {
    await quietSim()
    const { key, cert } = await selfSignedCertificate()
    enableSyslogDrains(sim, { ca: cert })
    const tlsLines: string[] = []
    const tlsServer = createTlsServer({ key, cert }, (socket) => collect(socket as unknown as Socket, tlsLines))
    const tlsPort = await new Promise<number>((resolve) => tlsServer.listen(0, '127.0.0.1', () => resolve((tlsServer.address() as { port: number }).port)))
    const datagrams: string[] = []
    const udp = createSocket('udp4')
    udp.on('message', (msg) => datagrams.push(msg.toString('utf8')))
    const udpPort = await new Promise<number>((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)))
    try {
      await addDrain(`syslog+tls://localhost:${tlsPort}`)
      await addDrain(`syslog+udp://127.0.0.1:${udpPort}`)
      sim.clock.advance('30s')
      await waitFor(() => tlsLines.length >= 30 && datagrams.length >= 30, 'TLS and UDP lines')
      await new Promise((r) => setTimeout(r, 50))
      for (const m of [...tlsLines, ...datagrams]) expect(m).toMatch(SYSLOG)
      expect(datagrams.every((d) => !d.endsWith('\n'))).toBe(true)
      expect(datagrams.slice(0, 20)).toEqual(tlsLines.slice(0, 20))
    } finally {
      sim.dispose()
      udp.close()
      await new Promise((r) => tlsServer.close(r))
    }
  })
})
