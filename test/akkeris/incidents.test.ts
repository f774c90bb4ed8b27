/**
 * Akkeris incidents, used as a test author would: crash a dyno (once or in a loop), restart dynos,
 * fail a build — and check that the dyno routes, a tailing log session and the metrics say the
 * same thing at the same simulated moments. Manual clock throughout.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSim, type Simulation } from '../../src/index.js'
import { lineReader } from '../support/streams.js'

const AKKERIS = 'https://apps.akkeris.io'
const AUTH = { authorization: 'Bearer test-token', 'content-type': 'application/json' }
type Dyno = { name: string; type: string; state: string; ready: boolean; restarts: number; additional_info: string; updated_at: string }
let sim: Simulation

beforeEach(async () => {
  sim = createSim({ seed: 11, tokens: ['test-token'], world: 'empty', now: '2026-03-02T09:00:00Z', control: true })
  await sim.akkeris.createApp({ name: 'api', space: 'default', stack: 'node', formation: { web: 2 } })
  await sim.akkeris.createBuild('api-default', { outcome: 'succeeded', agoMs: 6 * 3_600_000 }) // released hours ago
})
afterEach(() => sim.dispose())

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  sim.fetch(AKKERIS + path, { method: init.method ?? 'GET', headers: AUTH, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
const dynos = async (): Promise<Dyno[]> => (await api('/apps/api-default/dynos')).json()
/** A tailing log session on the app, as `aka logs -t` opens it. */
const tail = async () => {
  const session = await (await api('/apps/api-default/log-sessions', { method: 'POST', body: { lines: 1, tail: true } })).json()
  const reader = lineReader(await sim.fetch(session.logplex_url))
  await reader.take(1)
  return reader
}
/** memory_usage_bytes of the web dynos (their average), per unix second, over the last half hour at 1m. */
const memory = async () => {
  const to = sim.clock.now()
  const q = `resolution=1m&from=${new Date(to - 1_800_000).toISOString()}&to=${new Date(to).toISOString()}`
  const body = await (await api(`/apps/api-default/metrics?${q}`)).json()
  return Object.entries(body.web.memory_usage_bytes as Record<string, string>).map(([t, v]) => [Number(t), Number(v)] as const)
}

it('crashes one dyno in a loop: its state, restart count, log lines and memory agree at each crash', async () => {
  const [victim, other] = await dynos()
  const instance = `web.${victim.name}`
  const logs = await tail()
  const record = await sim.akkeris.crash('api-default', instance, { loop: { times: 3, every: '1m' }, cause: 'oom' })
  const first = Math.floor(sim.clock.now() / 1000) * 1000 + 1000 // the next whole second
  expect(record).toMatchObject({ at: first, times: 3, everyMs: 60_000 })

  const backoffs = [10, 20, 30] // 10 s doubling, at most half the loop's period
  for (const [k, backoff] of backoffs.entries()) {
    const at = first + k * 60_000
    sim.clock.advance(at - sim.clock.now())
    const lines = await logs.until((l) => l.includes('akkeris/event: Restarting'))
    expect(lines.at(-2)).toBe(`2026-03-02T09:0${k}:01Z api-default app[${instance}]: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory`)
    expect(lines.at(-1)).toBe(`2026-03-02T09:0${k}:01Z api-default akkeris/event: Restarting ${instance} (Crashed: exit code 137, OOMKilled; restart ${k + 1}, back-off ${backoff}s)`)
    const down = (await dynos()).find((d) => d.name === victim.name)!
    expect(down).toMatchObject({ state: 'app-crashed', ready: false, restarts: k + 1, additional_info: 'CrashLoopBackOff', updated_at: new Date(at).toISOString().slice(0, 19) + 'Z' })
    expect((await dynos()).find((d) => d.name === other.name)).toMatchObject({ state: 'running', restarts: 0 })

    // while it backs off the dyno serves nothing; then it runs again under the same name
    sim.clock.advance(backoff * 1000 - 1000)
    const quiet = await logs.take(20)
    expect(quiet.filter((l) => l.includes(`app[${instance}]`) || l.includes(`dyno=${instance} `))).toEqual([])
    sim.clock.advance('2s')
    expect((await dynos()).find((d) => d.name === victim.name)).toMatchObject({ state: 'running', ready: true, restarts: k + 1, additional_info: '' })
  }

  // memory falls back at the first crash (the dyno had run for hours) and stays low while it keeps crashing
  sim.clock.advance('3m')
  const samples = await memory()
  const before = samples.filter(([t]) => t * 1000 < first).at(-1)![1]
  const during = samples.filter(([t]) => t * 1000 >= first && t * 1000 < first + 180_000)
  expect(during.length).toBe(3)
  for (const [t, bytes] of during) expect(bytes, `at ${t}`).toBeLessThan(before * 0.95)
  await logs.cancel()
})

it('restarts dynos from sim.akkeris.restart and from incident JSON: the event line reaches a tailing session', async () => {
  const logs = await tail()
  const started = await sim.incidents.start({ provider: 'akkeris', app: 'api-default', kind: 'restart', dyno: 'web' })
  expect(started).toMatchObject({ provider: 'akkeris', kind: 'restart', app: 'api-default', at: '2026-03-02T09:00:01.000Z' })
  sim.clock.advance('2s')
  expect(await logs.until((l) => l.includes('akkeris/event:'))).toContain('2026-03-02T09:00:01Z api-default akkeris/event: Restarting web (User Requested)')
  expect((await dynos()).map((d) => d.state).sort()).toEqual(['pending', 'pending', 'stopping', 'stopping'])
  await sim.akkeris.restart('api-default')
  sim.clock.advance('15s')
  expect((await dynos()).map((d) => d.state)).toEqual(['running', 'running'])
  await logs.cancel()
})

it('fails a build from incident JSON and over the control route, the same way as sim.akkeris.createBuild', async () => {
  const res = await sim.fetch(`${AKKERIS}/__paasim/incidents`, { method: 'POST', headers: AUTH, body: JSON.stringify({ provider: 'akkeris', app: 'api-default', kind: 'failed-build' }) })
  expect(res.status).toBe(201)
  const { id } = await res.json()
  sim.clock.advance('10m')
  const result = await (await api(`/apps/api-default/builds/${id}/result`)).json()
  expect(result.build.status).toBe('failed')
  expect(result.lines.at(-1)).toBe('Finished: FAILURE')
  const missing = await sim.fetch(`${AKKERIS}/__paasim/incidents`, { method: 'POST', headers: AUTH, body: JSON.stringify({ provider: 'akkeris', app: 'api-default', kind: 'crash', dyno: 'worker' }) })
  expect(missing.status).toBe(404)
  expect((await missing.json()).error).toBe('no dyno type worker on api-default')
  const gone = await sim.fetch(`${AKKERIS}/__paasim/incidents`, { method: 'POST', headers: AUTH, body: JSON.stringify({ provider: 'akkeris', app: 'api-default', kind: 'crash', dyno: 'web.nope-nope1' }) })
  expect([gone.status, (await gone.json()).error]).toEqual([404, 'no dyno web.nope-nope1 serving on api-default then'])
  expect((await dynos()).every((d) => d.restarts === 0 && d.state === 'running')).toBe(true) // nothing changed
})

it('plays a fixture\'s timed events: nothing before their time, everything after', async () => {
  await sim.reset({
    world: {
      now: '2026-03-02T09:00:00Z',
      akkeris: { apps: [{ name: 'api', stack: 'node', formation: { web: 2 }, builds: [{ outcome: 'succeeded', ago: '6h' }] }] },
      events: [
        { at: '5m', incident: { provider: 'akkeris', app: 'api-default', kind: 'failed-build' } },
        { at: '10m', incident: { provider: 'akkeris', app: 'api-default', kind: 'crash', dyno: 'web', loop: { times: 2, every: '1m' } } },
      ],
    },
  })
  expect(await (await api('/apps/api-default/builds')).json()).toHaveLength(1)
  expect((await dynos()).every((d) => d.restarts === 0)).toBe(true)
  sim.clock.advance('5m')
  expect(await (await api('/apps/api-default/builds')).json()).toHaveLength(2)
  sim.clock.advance('5m5s')
  expect((await dynos()).map((d) => d.restarts)).toEqual([1, 1])
  sim.clock.advance('1m')
  expect((await dynos()).map((d) => d.restarts)).toEqual([2, 2])
})
