/**
 * App Platform incidents, used as a test author would: crash a component (once or in a loop), fail
 * a deployment in a chosen phase, autoscale — and check that RUN logs, RUN_RESTARTED logs, a live
 * stream, the `restart_count` metric, health and instances all tell the same story at the same
 * simulated moments. Manual clock throughout: nothing waits on real time.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSim, type Simulation } from '../../src/index.js'
import { lineReader } from '../support/streams.js'

const DO = 'https://api.digitalocean.com'
const AUTH = { authorization: 'Bearer test-token' }
let sim: Simulation
let appId: string

beforeEach(async () => {
  sim = createSim({ seed: 7, tokens: ['test-token'], world: 'empty', now: '2026-03-02T09:00:30Z', control: true })
  const app = await sim.digitalocean.createApp({ name: 'shop', agoMs: 7_200_000, components: [{ name: 'web', stack: 'node', instanceCount: 2, requestsPerMinute: 240 }] })
  await sim.digitalocean.createDeployment(app.id, { agoMs: 3_600_000 }) // ACTIVE long before now
  appId = app.id
})
afterEach(() => sim.dispose())

const get = async (path: string) => (await sim.fetch(DO + path, { headers: AUTH })).json()
const health = async () => (await get(`/v2/apps/${appId}/health`)).app_health.components[0]
const advanceTo = (ms: number) => sim.clock.advance(ms - sim.clock.now())
/** `[unix s, count]` samples of one instance's restart_count over the last half hour. */
const restartCounts = async (instance: string) => {
  const end = Math.floor(sim.clock.now() / 1000)
  const body = await get(`/v2/monitoring/metrics/apps/restart_count?app_id=${appId}&start=${end - 1800}&end=${end}`)
  const series = body.data.result.find((s: { metric: { app_component_instance: string } }) => s.metric.app_component_instance === instance)
  return (series.values as Array<[number, string]>).map(([t, v]) => [t, Number(v)] as const)
}
const logUrls = (type: string, extra = '') => get(`/v2/apps/${appId}/logs?type=${type}&component_name=web${extra}`) as Promise<{ live_url: string; historic_urls: string[] }>

it('crashes a component in a loop: logs, a live stream, restart_count and health agree at every restart', async () => {
  const { live_url } = await logUrls('RUN', '&follow=true&tail_lines=1')
  const live = lineReader(await sim.fetch(live_url))
  await live.take(1)

  const start = sim.clock.now()
  const plan = await sim.digitalocean.crash(appId, { component: 'web', loop: { times: 3, every: '2m' }, cause: 'oom' })
  // the process dies now and is restarted a second later, three times, two minutes apart
  const restarts = [start + 1000, start + 121_000, start + 241_000]
  expect(plan.restarts).toEqual({ 'web-0': restarts, 'web-1': restarts })
  expect(await health()).toMatchObject({ state: 'HEALTHY', replicas_ready: 2 })

  for (const [k, at] of restarts.entries()) {
    advanceTo(at)
    // the live stream shows each instance's crash output as it happens
    const crash = await live.until((l) => l.includes('FATAL ERROR: Reached heap limit'))
    await live.until((l) => l.includes('FATAL ERROR: Reached heap limit'))
    expect(Date.parse(crash.at(-1)!.split(' ')[1])).toBeLessThan(at)
    // both containers are down: health says so
    expect(await health()).toMatchObject({ state: 'UNHEALTHY', replicas_desired: 2, replicas_ready: 0 })
    // RUN_RESTARTED is what the crashed container wrote last
    const restarted = await (await sim.fetch((await logUrls('RUN_RESTARTED')).historic_urls[0])).text()
    expect(restarted).toContain('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')

    advanceTo(at + 15_000)
    // back up: the restarted containers boot again in the live stream, ready but recently restarted
    await live.until((l) => l.includes('Server listening at http://0.0.0.0:8080'))
    await live.until((l) => l.includes('Server listening at http://0.0.0.0:8080'))
    expect(await health()).toMatchObject({ state: 'UNHEALTHY', replicas_ready: 2 })

    advanceTo(at + 60_000)
    // every sample counts exactly the restarts at or before it
    for (const instance of ['web-0', 'web-1']) {
      for (const [t, count] of await restartCounts(instance)) expect(count, `${instance} at ${t}`).toBe(restarts.filter((r) => r <= t * 1000).length)
    }
    expect((await restartCounts('web-0')).at(-1)![1]).toBe(k + 1)
  }

  // the loop is over: quiet for 20 minutes, healthy again, the count stays at 3
  advanceTo(restarts[2] + 20 * 60_000)
  const after = await live.take(200)
  expect(after.some((l) => l.includes('FATAL ERROR'))).toBe(false)
  expect(await health()).toMatchObject({ state: 'HEALTHY', replicas_ready: 2 })
  expect((await restartCounts('web-1')).at(-1)![1]).toBe(3)
  await live.cancel()
})

it('crashes one instance once, with the crash tail on a live RUN_RESTARTED stream', async () => {
  const { live_url } = await logUrls('RUN_RESTARTED', '&follow=true&tail_lines=20')
  const stream = lineReader(await sim.fetch(live_url))
  const plan = await sim.digitalocean.crash(appId, { component: 'web', instance: 'web-1', cause: 'econnrefused', at: sim.clock.now() + 30_000 })
  expect(plan.restarts).toEqual({ 'web-1': [sim.clock.now() + 31_000] })
  sim.clock.advance('40s')
  const tail = await stream.take(20)
  expect(tail.join('\n')).toContain('Error: connect ECONNREFUSED 10.245.12.7:6379')
  expect(tail.every((l) => l.startsWith('web '))).toBe(true)
  sim.clock.advance('1m') // past the next one-minute sample
  expect((await restartCounts('web-0')).at(-1)![1]).toBe(0) // only web-1 crashed
  expect((await restartCounts('web-1')).at(-1)![1]).toBe(1)
  await stream.cancel()
})

it('fails a deployment in the phase asked for, counting the failed step, and keeps the active one', async () => {
  const active = (await get(`/v2/apps/${appId}`)).app.active_deployment.id
  for (const phase of ['BUILDING', 'DEPLOYING'] as const) {
    const d = await sim.digitalocean.failDeployment(appId, { phase, component: 'web' })
    const phases: string[] = []
    for (let i = 0; i < 300 && phases.at(-1) !== 'ERROR'; i++) {
      const { deployment } = await get(`/v2/apps/${appId}/deployments/${d.record.id}`)
      if (phases.at(-1) !== deployment.phase) phases.push(deployment.phase)
      if (deployment.phase === 'ERROR') expect(deployment.progress.error_steps).toBeGreaterThan(0) // doctl's --wait stops on it
      sim.clock.advance('5s')
    }
    expect(phases.at(-2)).toBe(phase)
    expect(phases.at(-1)).toBe('ERROR')
    expect((await get(`/v2/apps/${appId}`)).app.active_deployment.id).toBe(active)
  }
})

it('autoscales: instances, health, metrics and logs show the new instances when the event says they are ready', async () => {
  const event = await sim.digitalocean.autoscale(appId, { component: 'web', to: 4 })
  expect(event).toMatchObject({ fromCount: 2, toCount: 4 })
  const aliases = async () => (await get(`/v2/apps/${appId}/instances`)).instances.map((i: { instance_alias: string }) => i.instance_alias)
  expect(await aliases()).toEqual(['web-0', 'web-1'])
  sim.clock.advance(event.durationMs + 1000)
  expect(await aliases()).toEqual(['web-0', 'web-1', 'web-2', 'web-3'])
  expect(await health()).toMatchObject({ replicas_desired: 4, replicas_ready: 4 })
  // the AUTOSCALE_EVENT log names them, and their pods boot in the RUN log
  const scaled = await (await sim.fetch((await get(`/v2/apps/${appId}/events/${event.id}/logs?type=AUTOSCALE_EVENT`)).historic_urls[0])).text()
  expect(scaled).toContain('autoscaler: instance web-3 is ready')
  const pods = (await get(`/v2/apps/${appId}/instances`)).instances.map((i: { instance_name: string }) => i.instance_name)
  const run = await (await sim.fetch((await logUrls('RUN', '&tail_lines=2000')).historic_urls[0])).text()
  for (const pod of pods.slice(2)) expect(run).toContain(`"hostname":"${pod}","msg":"Server listening at http://0.0.0.0:8080"`)
  // the cpu series of a new instance starts once it runs
  sim.clock.advance('5m')
  const end = Math.floor(sim.clock.now() / 1000)
  const cpu = await get(`/v2/monitoring/metrics/apps/cpu_percentage?app_id=${appId}&start=${end - 900}&end=${end}`)
  const series = Object.fromEntries(cpu.data.result.map((s: { metric: { app_component_instance: string }; values: unknown[] }) => [s.metric.app_component_instance, s.values.length]))
  expect(series['web-3']).toBeGreaterThan(0)
  expect(series['web-3']).toBeLessThan(series['web-0'])
})

it('starts the same incidents from JSON — sim.incidents.start and POST /__paasim/incidents — with the same bytes after', async () => {
  const body = { provider: 'digitalocean', app: 'shop', kind: 'crash', component: 'web', loop: { times: 2, every: '1m' }, in: '10s' }
  const twin = createSim({ seed: 7, tokens: ['test-token'], world: 'empty', now: '2026-03-02T09:00:30Z', control: true })
  const twinApp = await twin.digitalocean.createApp({ name: 'shop', agoMs: 7_200_000, components: [{ name: 'web', stack: 'node', instanceCount: 2, requestsPerMinute: 240 }] })
  await twin.digitalocean.createDeployment(twinApp.id, { agoMs: 3_600_000 })

  const started = await sim.incidents.start(body)
  const res = await twin.fetch(`${DO}/__paasim/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(201)
  expect(await res.json()).toEqual(started)
  expect(started).toMatchObject({ provider: 'digitalocean', kind: 'crash', app: appId, at: '2026-03-02T09:00:40.000Z', restarts: { 'web-0': ['2026-03-02T09:00:41.000Z', '2026-03-02T09:01:41.000Z'] } })

  for (const s of [sim, twin]) s.clock.advance('5m')
  const read = async (s: Simulation, path: string) => (await s.fetch(DO + path, { headers: AUTH })).text()
  const end = Math.floor(sim.clock.now() / 1000)
  for (const path of [`/v2/monitoring/metrics/apps/restart_count?app_id=${appId}&start=${end - 600}&end=${end}`, `/v2/apps/${appId}/health`]) {
    expect(await read(twin, path)).toBe(await read(sim, path))
  }
  twin.dispose()
})

it('refuses bad incidents with the control routes\' errors and leaves the world as it was', async () => {
  const post = async (body: unknown) => sim.fetch(`${DO}/__paasim/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const cases: Array<[unknown, number, RegExp]> = [
    [{ provider: 'digitalocean', app: 'shop', kind: 'explode' }, 400, /kind: must be one of "deployment", "failed-build", "failed-deploy", "crash", "autoscale"/],
    [{ provider: 'digitalocean', app: 'shop', kind: 'crash', component: 'web', loop: { times: 3, every: '5s' } }, 400, /at least 30s/],
    [{ provider: 'digitalocean', app: 'shop', kind: 'crash', component: 'web', at: '2020-01-01T00:00:00Z' }, 400, /in the past/],
    [{ provider: 'digitalocean', app: 'shop', kind: 'crash', component: 'db' }, 404, /no digitalocean app shop with a component db/],
    [{ provider: 'digitalocean', app: 'nope', kind: 'deployment' }, 404, /no digitalocean app nope/],
    [{ provider: 'digitalocean', app: 'shop', kind: 'failed-deploy', phase: 'ACTIVE' }, 400, /phase: must be one of "BUILDING", "DEPLOYING"/],
  ]
  for (const [body, status, message] of cases) {
    const res = await post(body)
    expect(res.status, JSON.stringify(body)).toBe(status)
    expect((await res.json()).error).toMatch(message)
  }
  expect(await health()).toMatchObject({ state: 'HEALTHY' })
  expect((await get(`/v2/apps/${appId}/deployments`)).deployments).toHaveLength(1)
})
