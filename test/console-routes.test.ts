/**
 * The control routes the console is built on, usable from any script: the clock's pause and speed,
 * a snapshot of the world that spends no rate-limit budget, Server-Sent Events of the journal and
 * the clock, and the console's own page — over the standalone server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../src/index.js'
import type { RunningServer } from '../src/transports/server.js'
import { lineReader } from './support/streams.js'

const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

let sim: Simulation
let server: RunningServer
afterEach(async () => {
  await server?.close()
  sim?.dispose()
})

async function start(options: Parameters<typeof createSim>[0] = {}, control = true) {
  sim = createSim({ clock: 'manual', ...options })
  server = await sim.listen({ port: 0, control })
  return `${server.url}/__paasim`
}

describe('POST /__paasim/clock: pause, resume and speed', () => {
  it('pauses a scaled clock, changes its speed and lets it run again', async () => {
    const control = await start({ clock: 'scaled', speed: 60, now: '2026-03-01T00:00:00Z' })
    const paused = await (await post(`${control}/clock`, { paused: true })).json()
    expect(paused).toMatchObject({ mode: 'scaled', speed: 60, paused: true })
    await new Promise((r) => setTimeout(r, 50))
    expect((await (await fetch(`${control}/clock`)).json()).now).toBe(paused.now) // stopped
    const advanced = await (await post(`${control}/clock`, { advance: '90s', speed: 3600 })).json()
    expect(advanced).toMatchObject({ speed: 3600, paused: true, now: new Date(Date.parse(paused.now) + 90_000).toISOString() })
    expect(await (await post(`${control}/clock`, { paused: false })).json()).toMatchObject({ paused: false })
    await new Promise((r) => setTimeout(r, 50))
    expect(Date.parse((await (await fetch(`${control}/clock`)).json()).now) - Date.parse(advanced.now)).toBeGreaterThanOrEqual(3600 * 0.05 * 1000 * 0.9)
  })

  it('refuses what it cannot do with a 400 and changes nothing', async () => {
    const control = await start()
    for (const body of [{ speed: 10 }, { advance: '1m', speed: 10 }, { speed: -1 }, { paused: 'yes' }, { advance: 'soon', paused: true }, {}]) {
      const res = await post(`${control}/clock`, body)
      expect(res.status).toBe(400)
      expect((await res.json()).error).toMatch(/speed|paused|advance|duration/i)
    }
    expect(await (await fetch(`${control}/clock`)).json()).toEqual({ mode: 'manual', speed: 1, paused: false, now: '2026-01-01T00:00:00.000Z' })
  })
})

describe('GET /__paasim/world', () => {
  it('answers what the public APIs answer at the same moment, without spending rate-limit budget', async () => {
    const control = await start()
    const app = sim.digitalocean.apps()[0]
    const before = (await fetch(`${server.url}/v2/apps/${app.id}/deployments`, { headers: auth })).headers.get('ratelimit-remaining')
    await post(`${control}/clock`, { advance: '5m' })
    const world = await (await fetch(`${control}/world?history=100`)).json()
    expect(world.now).toBe('2026-01-01T00:05:00.000Z')
    const api = (await (await fetch(`${server.url}/v2/apps/${app.id}/deployments`, { headers: auth })).json()) as { deployments: Array<{ id: string; phase: string }> }
    const seen = world.digitalocean.find((a: { id: string }) => a.id === app.id)
    expect(seen.deployments.map((d: { id: string; phase: string }) => [d.id, d.phase]).reverse()).toEqual(api.deployments.map((d) => [d.id, d.phase]))
    const akkeris = sim.akkeris.apps()[0]
    const builds = (await (await fetch(`${server.url}/apps/${akkeris.key}/builds`, { headers: auth })).json()) as Array<{ id: string; status: string }>
    const shown = world.akkeris.find((a: { key: string }) => a.key === akkeris.key)
    expect(shown.builds.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual(builds.map((b) => [b.id, b.status]))
    // two DigitalOcean requests were counted, the snapshots none
    const after = (await fetch(`${server.url}/v2/apps/${app.id}`, { headers: auth })).headers.get('ratelimit-remaining')
    expect(Number(before) - Number(after)).toBe(2)
  })
})

describe('POST /__paasim/incidents and GET /__paasim/rate-limits', () => {
  it('starts a failing deployment that the public API then shows failing', async () => {
    const control = await start()
    const app = sim.digitalocean.apps()[0]
    const res = await post(`${control}/incidents`, { provider: 'digitalocean', app: app.name, kind: 'failed-deploy' })
    expect(res.status).toBe(201)
    const started = await res.json()
    expect(started).toEqual({ provider: 'digitalocean', kind: 'failed-deploy', app: app.id, at: '2026-01-01T00:00:00.000Z', id: started.deployment, deployment: expect.any(String) })
    await post(`${control}/clock`, { advance: '30m' })
    const deployment = await (await fetch(`${server.url}/v2/apps/${app.id}/deployments/${started.deployment}`, { headers: auth })).json()
    expect(deployment.deployment.phase).toBe('ERROR')
    const build = await (await post(`${control}/incidents`, { provider: 'akkeris', app: sim.akkeris.apps()[0].key, kind: 'failed-build' })).json()
    await post(`${control}/clock`, { advance: '30m' })
    expect(sim.akkeris.build(build.app, build.build).status).toBe('failed')
  })

  it('refuses an unknown provider, kind or app with the reason', async () => {
    const control = await start()
    const cases: Array<[unknown, number, RegExp]> = [
      [{ provider: 'heroku', app: 'x', kind: 'build' }, 400, /provider/],
      [{ provider: 'akkeris', app: 'api-default', kind: 'failed-deploy' }, 400, /kind: must be one of "build", "failed-build", "restart", "crash"/],
      [{ provider: 'digitalocean', kind: 'deployment' }, 400, /app/],
      [{ provider: 'digitalocean', app: 'nope', kind: 'deployment' }, 404, /no digitalocean app nope/],
      [[1], 400, /JSON object/],
    ]
    for (const [body, code, message] of cases) {
      const res = await post(`${control}/incidents`, body)
      expect([res.status, (await res.json()).error]).toEqual([code, expect.stringMatching(message)])
    }
  })

  it('lists each token with its remaining DigitalOcean budget', async () => {
    const control = await start({ tokens: ['one', { token: 'ro', scopes: ['app:read'] }] })
    await fetch(`${server.url}/v2/apps`, { headers: { authorization: 'Bearer one' } })
    await post(`${control}/rate-limits/exhaust`, { token: 'ro' })
    expect(await (await fetch(`${control}/rate-limits`)).json()).toEqual([
      { token: 'one', scopes: ['app:read', 'app:update', 'monitoring:read'], limit: 5000, remaining: 4999, reset: '2026-01-01T01:00:00.000Z' },
      { token: 'ro', scopes: ['app:read'], limit: 5000, remaining: 0, reset: '2026-01-01T00:59:00.000Z' },
    ])
  })
})

describe('Server-Sent Events', () => {
  it('streams journal entries as requests are answered, filtered, and unsubscribes when the client leaves', async () => {
    const control = await start()
    await fetch(`${server.url}/apps`, { headers: auth })
    const leave = new AbortController()
    const res = await fetch(`${control}/journal/events?provider=akkeris&backlog=5`, { signal: leave.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const events = lineReader(res)
    expect(await events.take(5)).toEqual([': paasim', '', 'event: journal', expect.stringContaining('"path":"/apps"'), ''])
    await fetch(`${server.url}/v2/apps`, { headers: auth }) // another provider: filtered out
    await fetch(`${server.url}/apps/nope-default`, { headers: auth })
    const [, data] = await events.take(3)
    expect(JSON.parse(data.slice('data: '.length))).toEqual({ at: '2026-01-01T00:00:00.000Z', provider: 'akkeris', operationId: 'apps.get', method: 'GET', path: '/apps/nope-default', status: 404 })
    expect(sim.journal.subscribers).toBe(1)
    leave.abort()
    await expect.poll(() => sim.journal.subscribers).toBe(0)
  })

  it('streams the clock: its state at once, then after every change', async () => {
    const control = await start()
    const baseline = sim.clock.listeners
    const leave = new AbortController()
    const events = lineReader(await fetch(`${control}/clock/events`, { signal: leave.signal }))
    expect((await events.take(5)).slice(2)).toEqual(['event: clock', 'data: {"mode":"manual","speed":1,"paused":false,"now":"2026-01-01T00:00:00.000Z"}', ''])
    await post(`${control}/clock`, { advance: '1h' })
    expect(await events.take(3)).toEqual(['event: clock', 'data: {"mode":"manual","speed":1,"paused":false,"now":"2026-01-01T01:00:00.000Z"}', ''])
    leave.abort()
    await expect.poll(() => sim.clock.listeners).toBe(baseline)
  })
})

describe('the console at /__paasim/ui/', () => {
  it('is served with the control routes: a page, its script and stylesheet, never faulted', async () => {
    const control = await start({}, true)
    await post(`${control}/faults`, { operationId: '*', status: 503 })
    const page = await fetch(`${control}/ui/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    expect(html).toContain('<script type="module" src="/__paasim/ui/console.js">')
    const script = await fetch(`${control}/ui/console.js`)
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8'])
    expect((await script.text()).length).toBeGreaterThan(10_000)
    expect((await fetch(`${control}/ui/console.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8')
    const missing = await fetch(`${control}/ui/secrets.json`)
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'the console has no file secrets.json' }])
    expect((await fetch(`${server.url}/apps`, { headers: auth })).status).toBe(503) // the rule applies to the APIs
  })

  it('comes with sim.listen({ control: true }), and not without control routes', async () => {
    await start({}, false)
    expect((await fetch(`${server.url}/__paasim/ui/`)).status).toBe(404)
  })
})
