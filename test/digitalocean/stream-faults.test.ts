/**
 * Stream faults on DigitalOcean live logs over chunked HTTP (`live_logs.stream`) and on historic
 * archives (`log_archive.get`), met by a tailer that reconnects with backoff and watches for
 * stalls on the simulation clock, on every transport.
 */
import { expect, it } from 'vitest'
import { lineReader, settle, waitFor } from '../support/streams.js'
import { clockSleep, httpLines, Tailer, type TailTransport } from '../support/tailer.js'
import { describeTransports, type Harness } from '../support/transports.js'

const FORBIDDEN = { id: 'forbidden', message: 'You do not have access for the attempted action.' }

/** The logs endpoint's URLs for the web component of shop-frontend (RUN logs, the last `tail` lines, following). */
async function logUrls(h: Harness, { tail = 10, follow = true } = {}): Promise<{ live_url: string; historic_urls: string[] }> {
  const id = h.sim.digitalocean.app('shop-frontend').id
  const res = await h.doApi(`/v2/apps/${id}/logs?type=RUN&component_name=web&tail_lines=${tail}&follow=${follow}`)
  return res.json()
}

/** The tailer's way to DigitalOcean: a new `live_url`, read as chunked text. */
const liveTail = (h: Harness): TailTransport => ({
  session: async () => (await logUrls(h)).live_url,
  open: httpLines((url, init) => h.fetch(url, init)),
})

const tailer = (h: Harness) => new Tailer(liveTail(h), { sleep: clockSleep(h.sim.clock), stallTimeoutMs: 30_000, backoffMs: [1000, 5000], maxConnections: 3 }).start()

/** The lines a live URL opened now starts with, read without faults. */
async function backlog(h: Harness): Promise<string[]> {
  return lineReader(await h.fetch((await logUrls(h, { follow: false })).live_url)).rest()
}

describeTransports('DigitalOcean live logs over HTTP under stream faults', (h) => {
  it('drop: exactly N lines arrive, then the connection ends abnormally; the same URL reconnects', async () => {
    const expected = await backlog(h)
    h.sim.faults.add({ operationId: 'live_logs.stream', kind: 'drop', lines: 3, times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.ending !== undefined, 'the cut')
    expect(t.connections[0]).toMatchObject({ lines: expected.slice(0, 3), ending: { how: 'error' } })
    h.sim.clock.advance('1s') // the backoff; the live URL is still valid, so the tailer reconnects to it
    await waitFor(() => (t.connections[1]?.lines.length ?? 0) >= 10, 'the reconnect')
    expect(t.connections[1].url).toBe(t.connections[0].url)
    await t.stop()
    await waitFor(() => h.sim.clock.pending === 0, 'every clock wait to end')
  })

  it('drop after a simulated duration cuts a quiet stream too', async () => {
    h.sim.faults.add({ operationId: 'live_logs.stream', kind: 'drop', afterTime: '5s', times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.lines.length === 10, 'the backlog')
    h.sim.clock.advance('5s')
    await waitFor(() => t.connections[0].ending !== undefined, 'the cut')
    expect(t.connections[0].ending).toMatchObject({ how: 'error' })
    // the lines stamped in those 5 s that were sent before the cut, and no line stamped later
    const stamps = t.connections[0].lines.map((l) => Date.parse(l.split(' ')[1]))
    expect(Math.max(...stamps)).toBeLessThan(h.sim.clock.now())
    await t.stop()
  })

  it('stall: open and silent after N lines; the tailer times out and reconnects', async () => {
    h.sim.faults.add({ operationId: 'live_logs.stream', kind: 'stall', lines: 5, times: 1 })
    const t = tailer(h)
    await waitFor(() => t.connections[0]?.lines.length === 5, 'five lines')
    h.sim.clock.advance('29s')
    await settle(50)
    expect(t.connections[0]).toMatchObject({ lines: { length: 5 } })
    expect(t.connections[0].ending).toBeUndefined()
    h.sim.clock.advance('1s')
    await waitFor(() => t.connections[0].ending !== undefined, 'the tailer timeout')
    expect(t.connections[0].ending).toEqual({ how: 'stalled' })
    h.sim.clock.advance('1s')
    await waitFor(() => (t.connections[1]?.lines.length ?? 0) >= 10, 'the reconnect')
    await t.stop()
    await waitFor(() => h.sim.clock.pending === 0, 'every clock wait to end')
  })

  it('throttle: at most N bytes per simulated second (newlines counted)', async () => {
    const expected = await backlog(h)
    h.sim.faults.add({ operationId: 'live_logs.stream', kind: 'throttle', bytesPerSecond: 1000 })
    const t = tailer(h)
    const bytes = (lines: string[]) => lines.reduce((n, l) => n + new TextEncoder().encode(l).length + 1, 0)
    const perSecond: number[] = []
    let before = 0
    for (let second = 0; second < 5; second++) {
      await waitFor(() => t.lines.length > before, `second ${second}`)
      await settle(30)
      perSecond.push(bytes(t.lines) - bytes(t.lines.slice(0, before)))
      before = t.lines.length
      h.sim.clock.advance('1s')
    }
    for (const n of perSecond) expect(n).toBeLessThanOrEqual(1000)
    expect(perSecond.every((n) => n > 600)).toBe(true) // lines of ~300 bytes: the budget is used
    expect(t.lines.slice(0, 10)).toEqual(expected)
    await t.stop()
  })

  it('expire: the URL is refused with the API 403 after the cut, and the tailer gets a new live_url', async () => {
    const expected = await backlog(h)
    h.sim.faults.add({ operationId: 'live_logs.stream', kind: 'expire', lines: 4, times: 1 })
    const t = tailer(h)
    await waitFor(() => (t.connections[2]?.lines.length ?? 0) >= 10, 'the new live URL')
    expect(t.connections[0]).toMatchObject({ lines: expected.slice(0, 4), ending: { how: 'end' } })
    const refused = t.connections[1]
    expect(refused).toMatchObject({ url: t.connections[0].url, lines: [], ending: { how: 'refused', status: 403 } })
    expect(JSON.parse((refused.ending as { body: string }).body)).toMatchObject(FORBIDDEN)
    expect(t.connections[2].url).not.toBe(t.connections[0].url) // reissued: same ticket, new token
    expect(t.connections[2].lines.slice(0, 10)).toEqual(expected)
    await t.stop()
  })
})

describeTransports('DigitalOcean log archives under stream faults', (h) => {
  const archive = async () => (await logUrls(h, { tail: 40, follow: false })).historic_urls[0]

  it('drop: the archive is cut after N lines with no terminating chunk', async () => {
    const url = await archive()
    const whole = await (await h.fetch(url)).text()
    h.sim.faults.add({ operationId: 'log_archive.get', kind: 'drop', lines: 7, times: 1 })
    const res = await h.fetch(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBeNull() // sent chunked under a stream fault
    const reader = lineReader(res)
    expect(await reader.take(7)).toEqual(whole.split('\n').slice(0, 7))
    await expect(reader.rest()).rejects.toThrow()
    expect(await (await h.fetch(url)).text()).toBe(whole) // times: 1 — the next read is whole
  })

  it('throttle: the archive drips at N lines per simulated second', async () => {
    const url = await archive()
    const whole = (await (await h.fetch(url)).text()).split('\n').slice(0, -1)
    h.sim.faults.add({ operationId: 'log_archive.get', kind: 'throttle', linesPerSecond: 15 })
    const reader = lineReader(await h.fetch(url))
    const got = await reader.take(15)
    h.sim.clock.advance('1s')
    got.push(...(await reader.take(15)))
    h.sim.clock.advance('1s')
    got.push(...(await reader.rest()))
    expect(got).toEqual(whole)
    expect(whole).toHaveLength(40)
  })

  it('expire: N lines, a clean end, and the archive URL answers 403 from then on', async () => {
    const url = await archive()
    h.sim.faults.add({ operationId: 'log_archive.get', kind: 'expire', lines: 5, times: 1 })
    expect(await lineReader(await h.fetch(url)).rest()).toHaveLength(5)
    const again = await h.fetch(url)
    expect(again.status).toBe(403)
    expect(again.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await again.json()).toMatchObject({ ...FORBIDDEN, request_id: again.headers.get('x-request-id') })
  })
})
