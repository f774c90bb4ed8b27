/**
 * World size: creating, resetting and listing a world of 10, 100 and 1,000 apps per provider, and
 * 7-day Akkeris metrics at `1m` against `JSON.stringify` of the same object. CPU time (this
 * process), medians; a busy machine slows a run without charging it to the code measured.
 */
import { getResponse, http, HttpResponse, RequestHandler } from 'msw'
import { AUTH, median, paasim, report } from './support.js'

const STACKS = ['node', 'python', 'go', 'ruby', 'docker'] as const

/** `n` apps per provider, each with a history (3 builds, 2 deployments). */
function fixture(n: number) {
  return {
    now: '2026-01-01T00:00:00Z',
    akkeris: {
      apps: Array.from({ length: n }, (_, i) => ({
        name: `app${i}`,
        space: `space${i % 7}`,
        stack: STACKS[i % 5],
        formation: { web: 1 + (i % 3), worker: i % 2 },
        builds: [{ ago: '3d' }, { ago: '1d', outcome: i % 4 ? ('succeeded' as const) : ('failed' as const) }, { ago: '2h' }],
      })),
    },
    digitalocean: {
      apps: Array.from({ length: n }, (_, i) => ({ name: `app-${i}`, components: [{ name: 'web', kind: 'service' as const, stack: STACKS[i % 5], instanceCount: 2 }], deployments: [{ ago: '2d' }, { ago: '3h' }] })),
    },
  }
}

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** CPU ms of one call of `fn`: the median of `runs`. */
async function cpuTime(fn: () => unknown, runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = cpuMs()
    await fn()
    times.push(cpuMs() - start)
  }
  return median(times)
}

const get = (sim: ReturnType<typeof paasim.createSim>, url: string) => sim.fetch(url, { headers: AUTH }).then((r) => r.text())

/** The world-size rows. */
export async function world(quick: boolean): Promise<void> {
  const rows: Array<{ n: number; create: number; reset: number; akkeris: number; digitalocean: number }> = []
  for (const n of [10, 100, 1000]) {
    const spec = fixture(n)
    let sim = paasim.createSim({ seed: 1, world: spec })
    await sim.ready
    const create = await cpuTime(async () => {
      sim.dispose()
      sim = paasim.createSim({ seed: 1, world: spec })
      await sim.ready
    }, quick ? 3 : 5)
    const reset = await cpuTime(() => sim.reset(), quick ? 3 : 5)
    await get(sim, 'https://apps.akkeris.io/apps') // the first list works out every build's finish
    const akkeris = await cpuTime(() => get(sim, 'https://apps.akkeris.io/apps'), 11)
    const digitalocean = await cpuTime(() => get(sim, 'https://api.digitalocean.com/v2/apps?per_page=200'), 11)
    rows.push({ n, create, reset, akkeris, digitalocean })
    sim.dispose()
  }
  for (const r of rows) {
    console.log(`  ${String(r.n).padStart(5)} apps per provider: createSim + ready ${r.create.toFixed(1)} ms, reset ${r.reset.toFixed(1)} ms, Akkeris GET /apps ${r.akkeris.toFixed(2)} ms, DigitalOcean GET /v2/apps (200 a page) ${r.digitalocean.toFixed(2)} ms`)
  }
  const [small, , large] = rows
  const perApp = (r: (typeof rows)[number], k: 'create' | 'reset' | 'akkeris') => r[k] / r.n
  report('createSim + ready, 1,000 apps per provider', large.create, 'ms', undefined, '≤ 150 ms')
  report('  per app at 1,000 vs at 100 (linearity)', perApp(large, 'create') / perApp(rows[1], 'create'), 'x', undefined, '≈ 1 (linear)')
  report('reset(), 1,000 apps per provider', large.reset, 'ms', undefined, '≤ 150 ms')
  report('Akkeris GET /apps, 1,000 apps', large.akkeris, 'ms', undefined, '≤ 10 ms')
  report('  per app at 1,000 vs at 10 (linearity)', perApp(large, 'akkeris') / perApp(small, 'akkeris'), 'x', undefined, '≈ 1 (linear)')
  const defaultWorld = paasim.createSim({ seed: 1 })
  await defaultWorld.ready
  const defaultReset = await cpuTime(() => defaultWorld.reset(), 51)
  report('reset() of the default world', defaultReset, 'ms', undefined, '≤ 1 ms')
}

/** 7-day Akkeris metrics at `1m` in-process, against a bare msw handler answering JSON.stringify of the same object. */
export async function metrics(quick: boolean): Promise<void> {
  const sim = paasim.createSim({ seed: 1 })
  await sim.ready
  const to = Math.floor(sim.clock.now() / 1000)
  const url = `https://apps.akkeris.io/apps/api-default/metrics?resolution=1m&from=${to - 7 * 86400}&to=${to}`
  const object = JSON.parse(await get(sim, url))
  const bare = [http.get(url.split("?")[0], () => HttpResponse.text(JSON.stringify(object), { headers: { 'content-type': 'application/json' } }))]
  const simHandlers = sim.handlers.filter((h): h is RequestHandler => h instanceof RequestHandler)
  const via = (handlers: RequestHandler[]) => () => getResponse(handlers, new Request(url, { headers: AUTH })).then((r) => r!.text())
  const runs = quick ? 5 : 9
  const baseline: number[] = []
  const simulated: number[] = []
  for (let i = 0; i < 3; i++) {
    baseline.push(await cpuTime(via(bare), runs))
    simulated.push(await cpuTime(via(simHandlers), runs))
  }
  report('Akkeris metrics, 7 days at 1m (in-process)', median(simulated), 'ms', median(baseline), '≤ 2x (JSON.stringify)')
  const samples = Object.values(object as Record<string, Record<string, Record<string, string>>>).reduce((n, series) => n + Object.values(series).reduce((m, s) => m + Object.keys(s).length, 0), 0)
  console.log(`  (${samples} samples, ${(JSON.stringify(object).length / 1e6).toFixed(1)} MB)`)
  sim.dispose()
}
