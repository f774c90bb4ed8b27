/**
 * Stream faults on live-logs WebSockets of the standalone server (operation `live_logs.socket`),
 * met by a tailer on the `ws` package that reconnects with backoff and watches for stalls on the
 * simulation clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { settle, waitFor } from '../support/streams.js'
import { clockSleep, Tailer, wsLines } from '../support/tailer.js'

describe('DigitalOcean live logs over WebSocket under stream faults (standalone)', () => {
  let sim: Simulation
  let server: RunningServer
  beforeEach(async () => {
    sim = createSim({ seed: 5 })
    server = await sim.listen({ port: 0 })
  })
  afterEach(async () => {
    sim.dispose()
    await server.close()
  })

  /** A new live URL for shop-frontend's web component (the last 10 lines, then following). */
  const liveUrl = async (follow = true) => {
    const id = sim.digitalocean.app('shop-frontend').id
    const res = await fetch(`${server.url}/v2/apps/${id}/logs?type=RUN&component_name=web&tail_lines=10&follow=${follow}`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
    return ((await res.json()) as { live_url: string }).live_url
  }
  const tailer = () => new Tailer({ session: () => liveUrl(), open: wsLines }, { sleep: clockSleep(sim.clock), stallTimeoutMs: 30_000, backoffMs: [1000, 5000], maxConnections: 3 }).start()
  /** The lines a live URL opened now starts with, read without faults. */
  const backlog = async () => {
    const lines: string[] = []
    await wsLines(await liveUrl(false), (line) => lines.push(line), new AbortController().signal)
    return lines
  }

  it('drop with 1006: exactly N frames, then the socket dies without a close frame; the tailer reconnects', async () => {
    const expected = await backlog()
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'drop', lines: 3, times: 1 })
    const t = tailer()
    await waitFor(() => t.connections[0]?.ending !== undefined, 'the cut')
    expect(t.connections[0]).toMatchObject({ lines: expected.slice(0, 3), ending: { how: 'closed', code: 1006 } })
    sim.clock.advance('1s')
    await waitFor(() => (t.connections[1]?.lines.length ?? 0) >= 10, 'the reconnect')
    expect(t.connections[1].url).toBe(t.connections[0].url)
    await t.stop()
    await waitFor(() => sim.clock.pending === 0, 'every clock wait to end')
  })

  it('drop with 1011: a close frame with that code after N frames', async () => {
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'drop', lines: 6, code: 1011, times: 1 })
    const t = tailer()
    await waitFor(() => t.connections[0]?.ending !== undefined, 'the close')
    expect(t.connections[0]).toMatchObject({ lines: { length: 6 }, ending: { how: 'closed', code: 1011 } })
    await t.stop()
  })

  it('stall: the socket stays open and silent; the tailer times out and reconnects', async () => {
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'stall', lines: 4, times: 1 })
    const t = tailer()
    await waitFor(() => t.connections[0]?.lines.length === 4, 'four frames')
    sim.clock.advance('29s')
    await settle(50)
    expect(t.connections[0].ending).toBeUndefined()
    sim.clock.advance('1s')
    await waitFor(() => t.connections[0].ending !== undefined, 'the tailer timeout')
    expect(t.connections[0]).toMatchObject({ lines: { length: 4 }, ending: { how: 'stalled' } })
    sim.clock.advance('1s')
    await waitFor(() => (t.connections[1]?.lines.length ?? 0) >= 10, 'the reconnect')
    await t.stop()
    await waitFor(() => sim.clock.pending === 0, 'every clock wait to end')
  })

  it('throttle: at most N frames per simulated second', async () => {
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'throttle', linesPerSecond: 3 })
    const t = tailer()
    const seen: number[] = []
    for (let second = 0; second < 4; second++) {
      await waitFor(() => t.lines.length >= 3 * (second + 1), `second ${second}`)
      await settle(30)
      seen.push(t.lines.length)
      sim.clock.advance('1s')
    }
    expect(seen).toEqual([3, 6, 9, 12])
    await t.stop()
  })

  it('expire: closed with 1000 after N frames; the reconnect handshake is refused with 403 and the tailer gets a new live_url', async () => {
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'expire', lines: 2, times: 1 })
    const t = tailer()
    await waitFor(() => (t.connections[2]?.lines.length ?? 0) >= 10, 'the new live URL')
    expect(t.connections[0]).toMatchObject({ lines: { length: 2 }, ending: { how: 'end' } })
    const refused = t.connections[1]
    expect(refused).toMatchObject({ url: t.connections[0].url, lines: [], ending: { how: 'refused', status: 403 } })
    expect(JSON.parse((refused.ending as { body: string }).body)).toMatchObject({ id: 'forbidden', message: 'You do not have access for the attempted action.' })
    expect(t.connections[2].url).not.toBe(t.connections[0].url)
    await t.stop()
  })

  it('a stream rule on the HTTP live stream leaves the socket alone, and the other way round', async () => {
    sim.faults.add({ operationId: 'live_logs.stream', kind: 'drop', lines: 1 })
    const lines: string[] = []
    expect(await wsLines(await liveUrl(false), (l) => lines.push(l), new AbortController().signal)).toEqual({ how: 'end' })
    expect(lines).toHaveLength(10)
    sim.faults.clear()
    sim.faults.add({ operationId: 'live_logs.socket', kind: 'drop', lines: 1 })
    const res = await fetch(await liveUrl(false))
    expect((await res.text()).split('\n')).toHaveLength(11)
  })
})
