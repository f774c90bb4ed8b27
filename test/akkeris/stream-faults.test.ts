/**
 * Stream faults on Akkeris tails (`log-sessions.stream`, chunked HTTP), met by a tailer that
 * reconnects with backoff and watches for stalls on the simulation clock, on every transport.
 */
import { expect, it } from 'vitest'
import { lineReader, settle, waitFor } from '../support/streams.js'
import { clockSleep, httpLines, Tailer, type TailTransport } from '../support/tailer.js'
import { describeTransports, type Harness } from '../support/transports.js'

const APP = 'api-default'

/** The tailer's way to Akkeris: a new log session (`lines` of backlog, then tail), its URL read as chunked text. */
const akkerisTail = (h: Harness, lines = 10): TailTransport => ({
  session: async () => ((await (await h.api(`/apps/${APP}/log-sessions`, { body: { lines, tail: true } })).json()) as { logplex_url: string }).logplex_url,
  open: httpLines((url, init) => h.fetch(url, init)),
})

const tailer = (h: Harness, options: { maxConnections?: number; lines?: number } = {}) =>
  new Tailer(akkerisTail(h, options.lines), { sleep: clockSleep(h.sim.clock), stallTimeoutMs: 30_000, backoffMs: [1000, 5000], maxConnections: options.maxConnections ?? 3 }).start()

/** The last `n` lines a session opened now shows, read without faults (the lines the tailer must get). */
async function backlog(h: Harness, n: number): Promise<string[]> {
  const res = await h.api(`/apps/${APP}/log-sessions`, { body: { lines: n, tail: false } })
  const { logplex_url } = (await res.json()) as { logplex_url: string }
  return lineReader(await h.fetch(logplex_url)).rest()
}

describeTransports('Akkeris tails under stream faults', (h) => {
  it('drop: exactly N lines arrive, the connection ends abnormally, and the tailer opens a new session', async () => {
    const expected = await backlog(h, 10)
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'drop', lines: 3, times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.ending !== undefined, 'the first connection to end')
    expect(t.connections[0].lines).toEqual(expected.slice(0, 3))
    expect(t.connections[0].ending).toMatchObject({ how: 'error' }) // no terminating chunk: not a clean end
    h.sim.clock.advance('1s') // the tailer's backoff
    await waitFor(() => (t.connections[2]?.lines.length ?? 0) >= 10, 'the new session to stream its backlog')
    // a session is single use: the same URL again is the API's empty 404, so the tailer asks for a new one
    expect(t.connections[1]).toEqual({ url: t.connections[0].url, lines: [], ending: { how: 'refused', status: 404, body: '' } })
    expect(t.connections[2].url).not.toBe(t.connections[0].url)
    await t.stop()
    await waitFor(() => h.sim.clock.pending === 0, 'every clock wait to end')
  })

  it('stall: the stream goes silent after N lines and the tailer hangs up when its own timeout fires', async () => {
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'stall', lines: 2, times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.lines.length === 2, 'two lines')
    h.sim.clock.advance('29s') // lines are due, but the stalled stream sends none
    await settle(50) // (real time only for sockets to carry anything that was sent)
    expect(t.connections[0]).toMatchObject({ lines: [expect.any(String), expect.any(String)] })
    expect(t.connections[0].ending).toBeUndefined()
    h.sim.clock.advance('1s') // 30 s without a line: the tailer's timeout
    await waitFor(() => t.connections[0].ending !== undefined, 'the watchdog')
    expect(t.connections[0]).toMatchObject({ lines: { length: 2 }, ending: { how: 'stalled' } })
    await t.stop()
    await waitFor(() => h.sim.clock.pending === 0, 'every clock wait to end')
  })

  it('stall with a duration: silent for that long, then the held-back lines arrive on the same connection', async () => {
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'stall', lines: 2, duration: '20s', times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.lines.length === 2, 'two lines')
    h.sim.clock.advance('19s')
    await waitFor(() => h.sim.clock.pending >= 2, 'the waits to settle')
    expect(t.connections[0].lines).toHaveLength(2)
    h.sim.clock.advance('1s')
    await waitFor(() => t.connections[0].lines.length > 10, 'the rest of the backlog and the 20 s held back')
    expect(t.connections).toHaveLength(1)
    await t.stop()
  })

  it('throttle: at most N lines per simulated second reach the client', async () => {
    const expected = await backlog(h, 10)
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'throttle', linesPerSecond: 4 })
    const t = tailer(h)
    const seen: number[] = []
    for (let second = 0; second < 3; second++) {
      await waitFor(() => t.lines.length >= 4 * (second + 1), `second ${second}`)
      await waitFor(() => h.sim.clock.pending >= 2, 'the throttle and the watchdog to wait')
      seen.push(t.lines.length)
      h.sim.clock.advance('1s')
    }
    expect(seen).toEqual([4, 8, 12])
    expect(t.lines.slice(0, 10)).toEqual(expected) // the backlog, dripped, then the tail
    await t.stop()
  })

  it('expire: the session ends after N lines, its reconnect meets the API 404, and the tailer opens a new session', async () => {
    const expected = await backlog(h, 10)
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'expire', lines: 4, times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections.length >= 3 && t.connections[2].lines.length >= 10, 'the new session')
    expect(t.connections[0]).toMatchObject({ lines: expected.slice(0, 4), ending: { how: 'end' } })
    expect(t.connections[1]).toEqual({ url: t.connections[0].url, lines: [], ending: { how: 'refused', status: 404, body: '' } })
    expect(t.connections[2].lines.slice(0, 10)).toEqual(expected) // same instant, same backlog
    await t.stop()
  })
})
