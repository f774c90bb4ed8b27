/**
 * `npm run bench`: each figure is printed with a baseline measured in the same run, so the ratios
 * hold on a shared machine where absolute numbers do not. It measures the built package in
 * `dist/` (what `paasim serve` and `import 'paasim'` run), typed from the sources.
 */
import express from 'express'
import { http, HttpResponse, getResponse, RequestHandler } from 'msw'
import { measureLoad } from './load.js'
import { importCost } from './import.js'
import { compare, report, timePerCall } from './support.js'

const { createSim, DEFAULT_TOKEN }: typeof import('../src/index.js') = await import(new URL('../dist/src/index.js', import.meta.url).href)

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const ORIGIN = 'https://apps.akkeris.io'

async function inProcessLatency(): Promise<void> {
  const sim = createSim({ seed: 1 })
  await sim.ready
  const path = '/apps/api-default'
  const body = await (await sim.fetch(ORIGIN + path, { headers: AUTH })).json()
  const bare = [http.get(ORIGIN + path, () => HttpResponse.json(body))]
  const viaBare = () => getResponse(bare, new Request(ORIGIN + path, { headers: AUTH })).then((r) => r!.text())
  const simHandlers = sim.handlers.filter((h): h is RequestHandler => h instanceof RequestHandler)
  const viaSim = () => getResponse(simHandlers, new Request(ORIGIN + path, { headers: AUTH })).then((r) => r!.text())
  const [baseline, simulated] = await compare(3, () => timePerCall(viaBare, 700), () => timePerCall(viaSim, 700), (x) => x)
  report('in-process GET /apps/{app} (msw getResponse)', simulated, 'µs/req', baseline, '≤ 1.3x')
}

/**
 * Requests/s of one standalone route against a bare Express route serving the same bytes as static
 * JSON, with the load generated from a worker thread.
 */
async function againstBareExpress(name: string, sim: ReturnType<typeof createSim>, path: string): Promise<void> {
  await sim.ready
  const live = await sim.listen({ port: 0 })
  const body = await (await fetch(live.url + path, { headers: AUTH })).text()
  const bareApp = express()
  bareApp.get(path.split('?')[0], (_req, res) => {
    res.type('application/json').send(body)
  })
  const bare = await new Promise<import('node:http').Server>((resolve) => {
    const s = bareApp.listen(0, '127.0.0.1', () => resolve(s))
  })
  const bareUrl = `http://127.0.0.1:${(bare.address() as import('node:net').AddressInfo).port}${path}`
  const spec = { headers: AUTH, concurrency: 16, durationMs: 1500 }
  let errors = 0
  const load = (url: string) => async () => {
    const r = await measureLoad({ ...spec, url })
    errors += r.errors
    return r.rps
  }
  const [baseline, simulated] = await compare(5, load(bareUrl), load(live.url + path), (x) => x)
  if (errors) throw new Error(`${errors} requests failed during the load`)
  report(name, simulated, 'req/s', baseline, '≥ 0.7x')
  await live.close()
  bare.close()
}

async function standaloneThroughput(): Promise<void> {
  // the real clock, as `paasim serve` runs
  await againstBareExpress('standalone GET /apps/{app} (Express, 16 conns)', createSim({ seed: 1, clock: 'real' }), '/apps/api-default')
}

async function streamThroughput(): Promise<void> {
  const sim = createSim({ seed: 1, world: 'empty' })
  await sim.ready
  await sim.akkeris.createApp({ name: 'busy', space: 'bench', stack: 'node', formation: { web: 8, worker: 4 }, requestsPerMinute: 120_000 })
  const session = await (await sim.fetch(`${ORIGIN}/apps/busy-bench/log-sessions`, { method: 'POST', headers: AUTH, body: '{"lines":250,"tail":true}' })).json()
  const res = await sim.fetch(session.logplex_url)
  const reader = res.body!.getReader()
  let lines = 0
  let bytes = 0
  const count = (chunk: Uint8Array) => {
    bytes += chunk.byteLength
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++
  }
  count((await reader.read()).value!)
  const start = performance.now()
  let minutes = 0
  while (performance.now() - start < 3000 && minutes < 29) {
    sim.clock.advance('1m')
    minutes++
    const target = Math.floor(sim.clock.now() / 1000)
    for (;;) {
      const next = await reader.read()
      if (next.done) break
      count(next.value)
      // the last chunk of a catch-up ends at the clock's current second
      const tail = new TextDecoder().decode(next.value.subarray(Math.max(0, next.value.byteLength - 400)))
      const stamp = tail.slice(tail.lastIndexOf('\n', tail.length - 2) + 1, tail.lastIndexOf('\n', tail.length - 2) + 21)
      if (Date.parse(stamp) / 1000 >= target) break
    }
  }
  const seconds = (performance.now() - start) / 1000
  report('log-session stream (in-process, tail)', lines / seconds, 'lines/s', undefined, '≥ 200,000 lines/s')
  console.log(`  (${lines} lines, ${(bytes / 1e6).toFixed(1)} MB, ${minutes} simulated minutes in ${seconds.toFixed(2)} s)`)
  await reader.cancel().catch(() => {})
  sim.dispose()
}

async function doLogsThroughput(): Promise<void> {
  const sim = createSim({ seed: 1, clock: 'real', rateLimit: { hourly: 10_000_000, burst: 10_000_000 } })
  await sim.ready
  const app = sim.digitalocean.app('shop-frontend')
  const deployment = sim.digitalocean.deployments(app.id).at(-1)!
  await againstBareExpress('standalone GET .../deployments/{id}/logs (aggregate)', sim, `/v2/apps/${app.id}/deployments/${deployment.record.id}/logs?type=RUN&component_name=web`)
}

async function liveSocketThroughput(): Promise<void> {
  const { Worker } = await import('node:worker_threads')
  const sim = createSim({ seed: 1, world: 'empty' })
  await sim.ready
  const app = await sim.digitalocean.createApp({ name: 'busy', components: [{ name: 'web', kind: 'service', stack: 'node', instanceCount: 8, requestsPerMinute: 240_000 }] })
  await sim.digitalocean.createDeployment(app.id, { agoMs: 3_600_000 })
  const live = await sim.listen({ port: 0 })
  const res = await fetch(`${live.url}/v2/apps/${app.id}/logs?type=RUN&follow=true&tail_lines=1`, { headers: AUTH })
  const url = (await res.json()).live_url.replace(/^http/, 'ws')
  const worker = new Worker(new URL('./ws-worker.mjs', import.meta.url), { workerData: { url } })
  let frames = 0
  let lastAt = 0
  const closed = new Promise<{ closed: number; frames: number; bad: number }>((resolve) =>
    worker.on('message', (m) => {
      if (typeof m.frames === 'number') [frames, lastAt] = [m.frames, m.lastAt]
      if (m.closed !== undefined) resolve(m)
    }),
  )
  await new Promise<void>((resolve) => worker.on('message', (m) => m.open && resolve()))
  await new Promise((r) => setTimeout(r, 100))
  // one jump of the clock: the server catches up as fast as it can, the client counts frames;
  // the time runs from the jump to the last frame's arrival
  const before = frames
  const start = performance.timeOrigin + performance.now()
  sim.clock.advance('4m')
  for (let last = -1; last !== frames; ) {
    last = frames
    await new Promise((r) => setTimeout(r, 200))
  }
  const seconds = (lastAt - start) / 1000
  const sent = frames - before
  worker.postMessage('close')
  const end = await closed
  await worker.terminate()
  report('live logs over WebSocket (one socket, one frame a line)', sent / seconds, 'lines/s', undefined, '≥ 200,000 lines/s')
  console.log(`  (${sent} frames in ${seconds.toFixed(2)} s for 4 simulated minutes, close code ${end.closed}, malformed ${end.bad})`)
  sim.dispose()
  await live.close()
}

async function resetTime(): Promise<void> {
  const sim = createSim({ seed: 1 })
  await sim.ready
  const perReset = await timePerCall(() => sim.reset(), 1000)
  report('sim.reset() of the default world', perReset / 1000, 'ms', undefined, 'informational (design aims < 1 ms)')
}

console.log(`paasim benchmarks — node ${process.version}, the built package in dist/; baselines measured in this run, alternating rounds, medians\n`)
await importCost()
await inProcessLatency()
await standaloneThroughput()
await streamThroughput()
await doLogsThroughput()
await liveSocketThroughput()
await resetTime()
