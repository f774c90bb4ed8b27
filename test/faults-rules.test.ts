/**
 * Which requests a fault rule hits: by method, app (its id, or an Akkeris key / DigitalOcean name),
 * component (a DigitalOcean component, an Akkeris dyno type or dyno), token; after N requests, at
 * most N times; inside windows on the simulation clock. Bad rules are refused naming the field.
 */
import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSim, type Simulation } from '../src/index.js'
import type { FaultRuleInput } from '../src/faults/types.js'

const AKKERIS = 'https://apps.akkeris.io'
const DO = 'https://api.digitalocean.com'
let sim: Simulation
beforeEach(async () => {
  sim = createSim({ seed: 42, tokens: ['dashboard', 'ci'], control: true })
  await sim.ready
})
afterEach(() => sim.dispose())

/** The status of a GET (or another method) made with a token (default: the dashboard's). */
async function statusOf(url: string, init: { method?: string; token?: string; body?: string } = {}): Promise<number> {
  const headers = { authorization: `Bearer ${init.token ?? 'dashboard'}`, 'content-type': 'application/json' }
  return (await sim.fetch(url, { method: init.method ?? 'GET', headers, body: init.body })).status
}

it('matches an app by its id, its Akkeris key or its DigitalOcean name, whichever each side uses', async () => {
  const akkeris = sim.akkeris.app('api-default')
  sim.faults.add({ operationId: '*', provider: 'akkeris', app: akkeris.id, status: 503 })
  expect(await statusOf(`${AKKERIS}/apps/api-default`)).toBe(503)
  expect(await statusOf(`${AKKERIS}/apps/${akkeris.id}/builds`)).toBe(503)
  expect(await statusOf(`${AKKERIS}/apps/billing-prod`)).toBe(200)
  expect(await statusOf(`${AKKERIS}/apps`)).toBe(200) // names no app

  sim.faults.clear()
  const shop = sim.digitalocean.app('shop-frontend')
  sim.faults.add({ operationId: 'apps_*', app: 'shop-frontend', status: 500 })
  expect(await statusOf(`${DO}/v2/apps/${shop.id}`)).toBe(500)
  expect(await statusOf(`${DO}/v2/apps/${shop.id}/deployments`)).toBe(500)
  expect(await statusOf(`${DO}/v2/apps/${sim.digitalocean.app('orders-api').id}`)).toBe(200)
  // the metrics name the app in the query
  sim.faults.add({ operationId: 'monitoring_*', app: 'shop-frontend', status: 503 })
  expect(await statusOf(`${DO}/v2/monitoring/metrics/apps/cpu_percentage?app_id=${shop.id}&start=1767225000&end=1767225600`)).toBe(503)
  // an app no world has is no error: it matches only a request naming that same thing
  expect(sim.faults.add({ operationId: 'apps.get', app: 'no-such-app', status: 500 }).app).toBe('no-such-app')
  expect(await statusOf(`${AKKERIS}/apps/no-such-app`)).toBe(500)
  expect(await statusOf(`${AKKERIS}/apps/api-default`)).toBe(200)
})

it('matches a DigitalOcean component in the path or the query, and an Akkeris dyno by type or name', async () => {
  const shop = sim.digitalocean.app('shop-frontend')
  sim.faults.add({ operationId: 'apps_get_logs*', component: 'web', status: 503 })
  expect(await statusOf(`${DO}/v2/apps/${shop.id}/components/web/logs?type=RUN`)).toBe(503)
  expect(await statusOf(`${DO}/v2/apps/${shop.id}/components/docs/logs?type=BUILD`)).not.toBe(503)
  expect(await statusOf(`${DO}/v2/apps/${shop.id}/logs?type=RUN&component_name=web`)).toBe(503)
  expect(await statusOf(`${DO}/v2/apps/${shop.id}/logs?type=RUN`)).toBe(200) // every component: names none

  const dynos = (await (await sim.fetch(`${AKKERIS}/apps/api-default/dynos`, { headers: { authorization: 'Bearer dashboard' } })).json()) as Array<{ name: string; type: string; id: string }>
  const web = dynos.find((d) => d.type === 'web')!
  const worker = dynos.find((d) => d.type === 'worker')!
  sim.faults.add({ operationId: 'dynos.*', component: 'web', status: 500 })
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/${web.name}`)).toBe(500)
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/${web.id}`)).toBe(500)
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/${worker.name}`)).toBe(200)
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/web`, { method: 'DELETE' })).toBe(500) // a restart of the type
  sim.faults.clear()
  sim.faults.add({ operationId: 'dynos.get', component: `worker.${worker.name}`, status: 500 })
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/${worker.name}`)).toBe(500)
  expect(await statusOf(`${AKKERIS}/apps/api-default/dynos/${web.name}`)).toBe(200)
})

it('matches the app and component of the URLs a log request hands out (their credential names them)', async () => {
  const auth = { authorization: 'Bearer dashboard' }
  const historic = async (app: string, component?: string) => {
    const id = sim.digitalocean.app(app).id
    const path = component ? `/v2/apps/${id}/components/${component}/logs?type=RUN` : `/v2/apps/${id}/logs?type=RUN`
    const { historic_urls } = (await (await sim.fetch(`${DO}${path}`, { headers: auth })).json()) as { historic_urls: string[] }
    return (await sim.fetch(historic_urls[0])).status
  }
  sim.faults.add({ operationId: 'log_archive.get', app: 'shop-frontend', component: 'web', status: 503 })
  expect(await historic('shop-frontend', 'web')).toBe(503)
  expect(await historic('shop-frontend')).toBe(200) // every component: names none
  expect(await historic('orders-api', 'api')).toBe(200)

  sim.faults.add({ operationId: 'log-sessions.stream', app: 'api-default', kind: 'reset' })
  const tail = async (app: string) => {
    const session = (await (await sim.fetch(`${AKKERIS}/apps/${app}/log-sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"lines":5}' })).json()) as { logplex_url: string }
    const read = async (res: Response) => {
      await res.body?.cancel() // the status is enough: the tail stops
      return res.status
    }
    return sim.fetch(session.logplex_url).then(read, (e: Error) => e.message)
  }
  expect(await tail('api-default')).toBe('fetch failed')
  expect(await tail('billing-prod')).toBe(200)

  // a live-logs WebSocket is described by its URL's app and component too
  sim.faults.add({ operationId: 'live_logs.socket', app: 'shop-frontend', kind: 'drop', lines: 2 })
  const socket = (app: string) => sim.faults.decide({ provider: 'digitalocean', operationId: 'live_logs.socket', method: 'GET', app: sim.digitalocean.app(app).id, component: 'web' })
  expect(socket('orders-api')).toBeUndefined()
  expect(socket('shop-frontend')).toMatchObject({ kind: 'drop', stream: { kind: 'drop', lines: 2, code: 1006 } })
})

it('matches by method and by token', async () => {
  sim.faults.add({ operationId: 'builds.*', method: 'post', status: 503 })
  expect(await statusOf(`${AKKERIS}/apps/api-default/builds`)).toBe(200)
  expect(await statusOf(`${AKKERIS}/apps/api-default/builds`, { method: 'POST', body: '{"sha":"abc"}' })).toBe(503)
  sim.faults.add({ operationId: 'apps.list', token: 'ci', status: 429 })
  expect(await statusOf(`${AKKERIS}/apps`)).toBe(200)
  expect(await statusOf(`${AKKERIS}/apps`, { token: 'ci' })).toBe(429)
})

it('lets `after` requests through, then hits `times` of them', async () => {
  const rule = sim.faults.add({ operationId: 'apps.list', status: 500, after: 2, times: 1 })
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push(await statusOf(`${AKKERIS}/apps`))
  expect(statuses).toEqual([200, 200, 500, 200])
  expect(sim.faults.list()[0]).toMatchObject({ id: rule.id, kind: 'status', seen: 4, hits: 1 })
})

it('opens windows on the simulation clock: from/until as durations or ISO times, and periodic outages', async () => {
  sim.faults.add({ operationId: 'apps.list', status: 503, from: '10m', until: '20m' })
  const at = async (advance: string) => (sim.clock.advance(advance), statusOf(`${AKKERIS}/apps`))
  expect(await statusOf(`${AKKERIS}/apps`)).toBe(200)
  expect(await at('10m')).toBe(503)
  expect(await at('9m59s')).toBe(503)
  expect(await at('1s')).toBe(200)

  sim.faults.clear()
  const start = sim.clock.now()
  sim.faults.add({ operationId: 'sites.list', status: 503, from: new Date(start + 3_600_000).toISOString() })
  expect(await statusOf(`${AKKERIS}/sites`)).toBe(200)
  sim.clock.advance('1h')
  expect(await statusOf(`${AKKERIS}/sites`)).toBe(503)

  sim.faults.clear()
  sim.faults.add({ operationId: 'apps.list', status: 503, every: '10m', for: '1m' })
  const seen: Array<[string, number]> = []
  for (const step of ['0s', '30s', '30s', '8m59s', '1s', '1m']) seen.push([step, await at(step)])
  expect(seen).toEqual([['0s', 503], ['30s', 503], ['30s', 200], ['8m59s', 200], ['1s', 503], ['1m', 200]])
})

it('refuses a malformed rule with a RangeError naming the field, and over HTTP with a 400', async () => {
  const bad: Array<[Partial<FaultRuleInput> & Record<string, unknown>, RegExp]> = [
    [{ status: 503 }, /operationId/],
    [{ operationId: 'apps.list', status: 503, provider: 'heroku' as never }, /provider/],
    [{ operationId: 'apps.list', status: 503, method: 'FETCH' }, /method must be one of/],
    [{ operationId: 'apps.list', status: 503, app: '' }, /app must be a non-empty string/],
    [{ operationId: 'apps.list', status: 503, times: -1 }, /times must be a whole number/],
    [{ operationId: 'apps.list', status: 503, after: 1.5 }, /after must be a whole number/],
    [{ operationId: 'apps.list', status: 503, from: 'soon' }, /from must be an ISO time or a duration/],
    [{ operationId: 'apps.list', status: 503, from: '2h', until: '1h' }, /until must come after from/],
    [{ operationId: 'apps.list', status: 503, every: '10m' }, /every and for go together/],
    [{ operationId: 'apps.list', status: 503, every: '1m', for: '2m' }, /for .* must be shorter than every/],
    [{ operationId: 'apps.list', kind: 'explode' as never }, /kind must be one of/],
    [{ operationId: 'apps.list', kind: 'reset', status: 503 }, /status applies to kind status only/],
    [{ operationId: 'apps.list', kind: 'status' }, /kind status needs a status/],
    [{ operationId: 'apps.list', latency: { median: '1s', spread: -1 } }, /latency\.spread must be a number/],
    [{ operationId: 'apps.list', latency: { uniform: ['2s', '1s'] } }, /latency\.uniform must be \[min, max\] with min ≤ max/],
    [{ operationId: 'apps.list', latency: { median: '1s', spread: 0.5, max: '500ms' } }, /latency\.max .* must not be below its median/],
    [{ operationId: 'apps.list', latency: '1s', delay: '1s' }, /latency or delay/],
    [{ operationId: 'apps.list', kind: 'truncate' }, /truncate fault needs bytes/],
    [{ operationId: 'apps.list', kind: 'reset', bytes: 10 }, /bytes applies to kind truncate only/],
    [{ operationId: 'apps.list', kind: 'empty', headers: { 'x-a': 'b' } }, /headers are never seen with kind empty/],
    [{ operationId: 'apps.list', status: 503, lines: 3 }, /lines applies to the stream kinds/],
    [{ operationId: 'apps.list', status: 503, bytes: 3 }, /bytes applies to kind truncate only, not status/],
    [{ operationId: 'apps.list', status: 503, probabilty: 0.5 }, /unknown fault rule field "probabilty"/],
  ]
  for (const [input, message] of bad) expect(() => sim.faults.add(input as FaultRuleInput), JSON.stringify(input)).toThrow(message)
  expect(sim.faults.list()).toEqual([])

  const res = await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operationId: 'apps.list', kind: 'truncate' }) })
  expect(res.status).toBe(400)
  expect(await res.text()).toContain('truncate fault needs bytes')
})

it('records the kind of fault each request met in the journal, also over the control route', async () => {
  sim.faults.add({ operationId: 'apps.list', kind: 'reset', times: 1 })
  sim.faults.add({ operationId: 'apps.list', status: 503, times: 1 })
  await expect(sim.fetch(`${AKKERIS}/apps`, { headers: { authorization: 'Bearer dashboard' } })).rejects.toThrow('fetch failed')
  expect(await statusOf(`${AKKERIS}/apps`)).toBe(503)
  expect(await statusOf(`${AKKERIS}/apps`)).toBe(200)
  const journal = (await (await sim.fetch(`${DO}/__paasim/journal?operationId=apps.list`)).json()) as Array<Record<string, unknown>>
  expect(journal.map((e) => [e.status, e.fault ?? null, e.faultKind ?? null])).toEqual([[200, 1, 'reset'], [503, 2, 'status'], [200, null, null]])
})

it('meets the same faults for the same seed and the same requests', async () => {
  const run = async () => {
    const world = createSim({ seed: 7, tokens: ['dashboard'] })
    await world.ready
    world.faults.add({ operationId: 'apps.list', status: 503, probability: 0.3 })
    world.faults.add({ operationId: 'apps.list', kind: 'reset', probability: 0.2 })
    world.faults.add({ operationId: 'sites.list', kind: 'malformed', probability: 0.5 })
    const seen: string[] = []
    for (let i = 0; i < 30; i++) {
      for (const path of ['/apps', '/sites']) {
        const answer = await world.fetch(`${AKKERIS}${path}`, { headers: { authorization: 'Bearer dashboard' } }).then((r) => String(r.status), (e: Error) => e.message)
        seen.push(answer)
      }
    }
    const kinds = world.journal.list().map((e) => e.faultKind ?? '-')
    world.dispose()
    return { seen, kinds }
  }
  const first = await run()
  expect(new Set(first.kinds)).toEqual(new Set(['-', 'status', 'reset', 'malformed']))
  expect(await run()).toEqual(first)
})

it('waits a latency on a running clock too, and a process with nothing else to do stays up for the answer', () => {
  // the clock's own timer lets a process exit (streams run in the background); a request waiting does not
  const script = `import { createSim, DEFAULT_TOKEN } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)}
const sim = createSim({ clock: 'scaled', speed: 100 })
await sim.ready
sim.faults.add({ operationId: 'apps.list', latency: '2s' })
const res = await sim.fetch('https://apps.akkeris.io/apps', { headers: { authorization: 'Bearer ' + DEFAULT_TOKEN } })
console.log(res.status, sim.journal.list()[0].faultKind)
sim.dispose()`
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
  expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, '200 latency', ''])
})
