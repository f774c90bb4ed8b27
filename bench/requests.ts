/**
 * Request rows: in-process (msw `getResponse`, and `setupServer` with real `fetch`) against a bare
 * msw handler returning the same JSON, and standalone against a bare Express route serving the
 * same bytes, with the load generated from a worker thread.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { getResponse, http, HttpResponse, RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { measureLoad } from './load.js'
import { AUTH, compare, paasim, report, timePerCall } from './support.js'
import { STRICT } from '../test/support/msw.js'

const AKKERIS = 'https://apps.akkeris.io'

async function inProcess(quick: boolean): Promise<void> {
  const sim = paasim.createSim({ seed: 1 })
  await sim.ready
  const url = AKKERIS + '/apps/api-default'
  const body = await (await sim.fetch(url, { headers: AUTH })).json()
  const bare = [http.get(url, () => HttpResponse.json(body))]
  const simHandlers = sim.handlers.filter((h): h is RequestHandler => h instanceof RequestHandler)
  const via = (handlers: RequestHandler[]) => () => getResponse(handlers, new Request(url, { headers: AUTH })).then((r) => r!.text())
  const ms = quick ? 300 : 700
  const [b1, s1, r1] = await compare(3, () => timePerCall(via(bare), ms), () => timePerCall(via(simHandlers), ms), (x) => x)
  report('in-process GET /apps/{app} (msw getResponse)', s1, 'µs/req', b1, '≤ 1.3x', r1)
  // setupServer intercepts the global fetch: one server at a time
  const through = (handlers: Parameters<typeof setupServer>) => async () => {
    const server = setupServer(...handlers)
    server.listen(STRICT)
    try {
      return await timePerCall(() => fetch(url, { headers: AUTH }).then((r) => r.text()), ms)
    } finally {
      server.close()
    }
  }
  const [b2, s2, r2] = await compare(3, through(bare), through(sim.handlers), (x) => x)
  report('in-process GET /apps/{app} (setupServer + fetch)', s2, 'µs/req', b2, '≤ 1.3x', r2)
  sim.dispose()
}

/** Requests/s of one standalone route against a bare Express route serving the same bytes. */
async function againstBareExpress(name: string, sim: ReturnType<typeof paasim.createSim>, path: string, quick: boolean): Promise<void> {
  await sim.ready
  const live = await sim.listen({ port: 0 })
  const body = await (await fetch(live.url + path, { headers: AUTH })).text()
  const bareApp = express()
  bareApp.get(path.split('?')[0], (_req, res) => {
    res.type('application/json').send(body)
  })
  const bare = await new Promise<Server>((resolve) => {
    const s = bareApp.listen(0, '127.0.0.1', () => resolve(s))
  })
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${path}`
  const spec = { headers: AUTH, concurrency: 16, durationMs: quick ? 1000 : 1500 }
  let errors = 0
  const load = (url: string) => async () => {
    const r = await measureLoad({ ...spec, url })
    errors += r.errors
    return r.rps
  }
  const [baseline, simulated, ratio] = await compare(5, load(bareUrl), load(live.url + path), (x) => x)
  if (errors) throw new Error(`${errors} requests failed during the load`)
  report(name, simulated, 'req/s', baseline, '≥ 0.7x', ratio)
  console.log(`  (${(body.length / 1024).toFixed(1)} KB a response)`)
  await live.close()
  bare.close()
  // the next row meets a heap without this world in it
  sim.dispose()
}

async function standalone(quick: boolean): Promise<void> {
  // the real clock, as `paasim serve` runs; limits high enough that the load is not refused
  const options = { seed: 1, clock: 'real', rateLimit: { hourly: 1e9, burst: 1e9 } } as const
  await againstBareExpress('standalone Akkeris GET /apps/{app}', paasim.createSim(options), '/apps/api-default', quick)
  await againstBareExpress('standalone DigitalOcean GET /v2/apps', paasim.createSim(options), '/v2/apps', quick)
  const sim = paasim.createSim(options)
  await sim.ready
  const app = sim.digitalocean.app('shop-frontend')
  const deployment = sim.digitalocean.deployments(app.id).at(-1)!
  await againstBareExpress('standalone DigitalOcean aggregate logs', sim, `/v2/apps/${app.id}/deployments/${deployment.record.id}/logs?type=RUN&component_name=web`, quick)
}

/** The request rows. */
export async function requests(quick: boolean): Promise<void> {
  await inProcess(quick)
  await standalone(quick)
}
