/**
 * Stream fault rules as users write them: what each kind accepts, what it refuses (a RangeError
 * naming the field), which operations it can hit, and that a seed picks the same cut streams.
 */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../src/index.js'
import { lineReader } from './support/streams.js'
import { httpLines } from './support/tailer.js'

describe('stream fault rules', () => {
  const sim = createSim({ seed: 3 })

  it('accepts each stream kind on the stream operations and lists it with its fields', () => {
    const rules = [
      sim.faults.add({ operationId: 'log-sessions.stream', kind: 'drop', lines: 3 }),
      sim.faults.add({ operationId: 'live_logs.socket', kind: 'drop', afterTime: '30s', code: 1011 }),
      sim.faults.add({ operationId: 'live_logs.*', kind: 'stall', lines: 10, duration: '2m' }),
      sim.faults.add({ operationId: 'log_archive.get', kind: 'throttle', linesPerSecond: 5, bytesPerSecond: 2048 }),
      sim.faults.add({ operationId: '*', kind: 'expire', afterTime: 60_000, times: 1 }),
    ]
    expect(rules.map((r) => r.stream)).toEqual([
      { kind: 'drop', lines: 3, code: 1006 },
      { kind: 'drop', afterMs: 30_000, code: 1011 },
      { kind: 'stall', lines: 10, forMs: 120_000 },
      { kind: 'throttle', linesPerSecond: 5, bytesPerSecond: 2048 },
      { kind: 'expire', afterMs: 60_000 },
    ])
    expect(sim.faults.list()).toHaveLength(5)
    sim.faults.clear()
  })

  it('refuses out-of-range values and fields of another kind with a RangeError naming the field', () => {
    const refused: Array<[object, RegExp]> = [
      [{ kind: 'drop', lines: -1 }, /fault lines must be a whole number/],
      [{ kind: 'drop', lines: 2.5 }, /fault lines/],
      [{ kind: 'drop', afterTime: 'soon' }, /fault afterTime must be a duration/],
      [{ kind: 'drop', code: 1000 }, /fault code must be a WebSocket close code: 1006 .* 4000-4999/],
      [{ kind: 'drop', code: 3000 }, /fault code/],
      [{ kind: 'drop', code: 5000 }, /fault code/],
      [{ kind: 'stall', duration: '-1s' }, /fault duration must be a duration/],
      [{ kind: 'throttle' }, /fault throttle needs linesPerSecond or bytesPerSecond/],
      [{ kind: 'throttle', linesPerSecond: 0 }, /fault linesPerSecond must be a number greater than 0/],
      [{ kind: 'throttle', bytesPerSecond: Infinity }, /fault bytesPerSecond/],
      [{ kind: 'stall', code: 1011 }, /fault code does not apply to kind stall \(only to drop\)/],
      [{ kind: 'throttle', lines: 3, linesPerSecond: 1 }, /fault lines does not apply to kind throttle/],
      [{ kind: 'expire', duration: '1m' }, /fault duration does not apply to kind expire/],
      [{ kind: 'drop', status: 503 }, /fault status does not apply to kind drop/],
    ]
    for (const [rule, message] of refused) expect(() => sim.faults.add({ operationId: 'live_logs.stream', ...rule } as never), JSON.stringify(rule)).toThrow(message)
    for (const code of [1006, 1001, 1011, 1012, 1013, 4000, 4999]) expect(sim.faults.add({ operationId: 'live_logs.socket', kind: 'drop', code }).stream).toMatchObject({ code })
    expect(sim.faults.list()).toHaveLength(7) // nothing refused was kept
    sim.faults.clear()
  })

  it('refuses a stream kind whose glob names no stream operation, and lets other rules miss the WebSocket', () => {
    expect(() => sim.faults.add({ operationId: 'apps.*', kind: 'drop' })).toThrow(
      /fault kind drop acts on streams, and operationId "apps\.\*" matches no stream operation; stream operation ids: live_logs\.socket, live_logs\.stream, log-sessions\.stream, log_archive\.get/,
    )
    expect(() => sim.faults.add({ operationId: 'log-sessions.stream', provider: 'digitalocean', kind: 'stall' })).toThrow(/matches no operation of digitalocean/)
    // the socket has no HTTP answer to replace: only stream kinds can name it
    expect(() => sim.faults.add({ operationId: 'live_logs.socket', status: 503 })).toThrow(/matches no operation/)
  })
})

describe('stream faults and the rest of the API', () => {
  let sim: Simulation
  const get = (url: string) => sim.fetch(url, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })

  it('a stream rule on * acts on streams only: other operations answer as usual and do not use up its times', async () => {
    sim = createSim({ seed: 3 })
    await sim.ready
    sim.faults.add({ operationId: '*', kind: 'drop', lines: 2, times: 1 })
    const id = sim.digitalocean.app('shop-frontend').id
    const logs = await get(`https://api.digitalocean.com/v2/apps/${id}/logs?type=RUN&tail_lines=5`)
    expect(logs.status).toBe(200)
    const { live_url } = await logs.json()
    const reader = lineReader(await sim.fetch(live_url))
    expect(await reader.take(2)).toHaveLength(2)
    await expect(reader.rest()).rejects.toMatchObject({ name: 'StreamDropped', code: 1006 })
    expect(sim.journal.list().map((e) => [e.operationId, e.status, e.fault])).toEqual([
      ['apps_get_logs_active_deployment_aggregate', 200, undefined],
      ['live_logs.stream', 200, 1],
    ])
    expect(await lineReader(await sim.fetch(live_url)).rest()).toHaveLength(5) // times: 1
  })
})

it('cuts the same streams at the same lines for the same seed', async () => {
  /** Opens 12 Akkeris sessions under a drop rule that hits half of them: which were cut, and after what lines. */
  const transcript = async (seed: number) => {
    const sim = createSim({ seed })
    await sim.ready
    sim.faults.add({ operationId: 'log-sessions.stream', kind: 'drop', lines: 4, probability: 0.5 })
    const out: string[] = []
    for (let i = 0; i < 12; i++) {
      const res = await sim.fetch('https://apps.akkeris.io/apps/api-default/log-sessions', { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_TOKEN}` }, body: '{"lines":6}' })
      const lines: string[] = []
      const ending = await httpLines((url, init) => sim.fetch(url, init))((await res.json()).logplex_url, (line) => lines.push(line), new AbortController().signal)
      out.push(`${ending.how} ${lines.join('|')}`)
      sim.clock.advance('7s')
    }
    return out
  }
  const [a, b, c] = [await transcript(11), await transcript(11), await transcript(12)]
  expect(a).toEqual(b)
  expect(a).not.toEqual(c)
  const cuts = a.filter((t) => t.startsWith('error')).length
  expect(cuts).toBeGreaterThan(0)
  expect(cuts).toBeLessThan(12)
  for (const t of a) expect(t.split('|')).toHaveLength(t.startsWith('error') ? 4 : 6)
})
