/**
 * A dashboard's poller against faulty APIs, on every transport (sim.fetch, msw, the standalone
 * server): it retries 5xx with exponential backoff, honours retry-after on a 429, survives a reset
 * and a body cut short, and flags slow answers — all on the simulation's manual clock, so no test
 * waits on real time (the poller's sleep advances the clock; a fault's latency is driven through).
 */
import { createRequire } from 'node:module'
import { expect, it } from 'vitest'
import { driveClock } from './support/drive-clock.js'
import { describeError, pollJson } from './support/poller.js'
import { describeTransports, type Harness } from './support/transports.js'

const mswMajor = Number((createRequire(import.meta.url)('msw/package.json') as { version: string }).version.split('.')[0])

describeTransports('a dashboard poller under faults', (h) => {
  const sleeps: number[] = []
  const sleep = async (ms: number) => {
    sleeps.push(ms)
    h.sim.clock.advance(ms)
  }
  const poll = (path: string) => pollJson(() => (path.startsWith('/v2/') ? h.doApi(path) : h.api(path)), sleep)
  const wholeAnswer = async (path: string) => (await h.api(path)).json()
  /** What the transport reports for a connection that broke before an answer. */
  const networkError = () => (h.transport === 'express' ? 'fetch failed (ECONNRESET)' : h.transport === 'msw' && mswMajor === 2 ? 'Failed to fetch' : 'fetch failed')

  it('retries a 503 after its backoff and gets the apps', async () => {
    sleeps.length = 0
    h.sim.faults.add({ operationId: 'apps.list', status: 503, times: 1 })
    const { body, log } = await poll('/apps')
    expect(log).toEqual(['503', '200'])
    expect(sleeps).toEqual([500])
    expect(body).toEqual(await wholeAnswer('/apps'))
    expect(h.sim.journal.list({ operationId: 'apps.list' }).map((e) => [e.status, e.faultKind ?? null])).toEqual([[503, 'status'], [200, null], [200, null]])
  })

  it('waits what retry-after says on a 429, twice, then succeeds', async () => {
    sleeps.length = 0
    h.sim.faults.add({ operationId: 'apps_list', status: 429, times: 2, headers: { 'retry-after': '7' } })
    const { body, log } = await poll('/v2/apps')
    expect(log).toEqual(['429', '429', '200'])
    expect(sleeps).toEqual([7000, 7000])
    expect((body as { apps: unknown[] }).apps).toHaveLength(h.sim.digitalocean.apps().length)
  })

  it('survives a reset: the attempt rejects as a network error, the retry gets the app', async () => {
    sleeps.length = 0
    h.sim.faults.add({ operationId: 'apps.get', kind: 'reset', times: 1 })
    const { body, log } = await poll('/apps/api-default')
    expect(log).toEqual([networkError(), '200'])
    expect(sleeps).toEqual([500])
    expect(body).toMatchObject({ name: 'api-default', id: h.sim.akkeris.app('api-default').id })
    expect(h.sim.journal.list({ operationId: 'apps.get' })[0]).toMatchObject({ status: 200, faultKind: 'reset' })
  })

  it('survives a body cut short of its Content-Length: json() fails with "terminated"', async () => {
    sleeps.length = 0
    const whole = await (await h.api('/apps/api-default/builds')).text()
    h.sim.faults.add({ operationId: 'builds.list', kind: 'truncate', bytes: 100, times: 1 })
    const cut = await h.api('/apps/api-default/builds')
    expect([cut.status, cut.headers.get('content-length')]).toEqual([200, String(new TextEncoder().encode(whole).length)])
    const reader = cut.body!.getReader()
    let got = ''
    const failure = await (async () => {
      for (;;) {
        const next = await reader.read()
        if (next.done) return 'ended'
        got += new TextDecoder().decode(next.value)
      }
    })().catch(describeError)
    expect(failure).toBe('terminated (UND_ERR_SOCKET)')
    expect(got).toBe(whole.slice(0, 100))

    h.sim.faults.add({ operationId: 'builds.list', kind: 'truncate', bytes: 100, times: 1 })
    const { body, log } = await poll('/apps/api-default/builds')
    expect(log).toEqual(['terminated (UND_ERR_SOCKET)', '200'])
    expect(body).toEqual(JSON.parse(whole))
  })

  it('sees log-normal latency on the simulation clock, the same draws for the same seed', async () => {
    h.sim.faults.add({ operationId: 'apps.get', latency: { median: '800ms', spread: 0.5, max: '3s' } })
    const elapsed: number[] = []
    for (let i = 0; i < 15; i++) {
      const { value, elapsedMs } = await driveClock(h.sim, h.api('/apps/api-default'))
      expect(value.status).toBe(200)
      elapsed.push(elapsedMs)
    }
    const sorted = [...elapsed].sort((a, b) => a - b)
    expect(sorted[7]).toBeGreaterThan(500) // the median draw sits near 800 ms
    expect(sorted[7]).toBeLessThan(1300)
    expect(Math.max(...elapsed)).toBeLessThanOrEqual(3000)
    expect(new Set(elapsed).size).toBeGreaterThan(10)
    expect(elapsed).toEqual(await sameDrawsInProcess(h))
  })
})

/** The latencies a fresh sim with the harness's seed draws for the same requests, in-process. */
async function sameDrawsInProcess(h: Harness): Promise<number[]> {
  const { createSim } = await import('../src/index.js')
  const { AUTH, TOKEN } = await import('./support/transports.js')
  const sim = createSim({ seed: 42, tokens: [TOKEN] })
  await sim.ready
  sim.faults.add({ operationId: 'apps.get', latency: { median: '800ms', spread: 0.5, max: '3s' } })
  const out: number[] = []
  for (let i = 0; i < 15; i++) out.push((await driveClock(sim, sim.fetch('https://apps.akkeris.io/apps/api-default', { headers: AUTH }))).elapsedMs)
  sim.dispose()
  expect(h.sim.seed).toBe(42)
  return out
}

describeTransports('a log tail cut short', (h) => {
  it('gets exactly the first bytes of a streamed answer, then an error instead of its end', async () => {
    const open = async () => {
      const session = (await (await h.api('/apps/api-default/log-sessions', { body: { lines: 40, tail: false } })).json()) as { logplex_url: string }
      return h.fetch(session.logplex_url)
    }
    const whole = await (await open()).text()
    expect(whole.length).toBeGreaterThan(400)
    h.sim.faults.add({ operationId: 'log-sessions.stream', kind: 'truncate', bytes: 400 })
    const cut = await open()
    expect(cut.status).toBe(200)
    const reader = cut.body!.getReader()
    const chunks: Uint8Array[] = []
    const ending = await (async () => {
      for (;;) {
        const next = await reader.read()
        if (next.done) return 'ended'
        chunks.push(next.value)
      }
    })().catch(describeError)
    expect(ending).toBe('terminated (UND_ERR_SOCKET)')
    expect(new TextDecoder().decode(Buffer.concat(chunks))).toBe(whole.slice(0, 400))
  })
})
