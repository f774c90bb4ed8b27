/**
 * Streams against bare writers of the same lines: an Akkeris tail catching up after a clock jump,
 * DigitalOcean live logs over chunked HTTP and over a WebSocket. The client runs in a worker
 * thread; each figure is lines per second from the jump to the last line's arrival, against a
 * bare `node:http` server writing the same text in 4,096-line writes (or bare `ws`, a frame a line).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { WebSocketServer } from 'ws'
import { AUTH, median, paasim, report } from './support.js'

/** What a stream client saw. */
interface Seen {
  count: number
  seconds: number
  text?: string
}

/** Opens `url` in a worker, calls `start()` once it is open, and waits until nothing more arrives. */
async function receive(url: string, start: () => void, options: { keep?: boolean; quietMs?: number } = {}): Promise<Seen> {
  const worker = new Worker(new URL('./stream-worker.mjs', import.meta.url), { workerData: { url, keep: options.keep } })
  let count = 0
  let lastAt = 0
  worker.on('message', (m: { count?: number; lastAt?: number }) => {
    if (typeof m.count === 'number') [count, lastAt] = [m.count, m.lastAt ?? 0]
  })
  await new Promise<void>((resolve) => worker.on('message', (m: { open?: boolean }) => m.open && resolve()))
  await new Promise((r) => setTimeout(r, 150))
  const before = count
  const startedAt = performance.timeOrigin + performance.now()
  start()
  for (let last = -1; last !== count; ) {
    last = count
    await new Promise((r) => setTimeout(r, options.quietMs ?? 400))
  }
  const done = await new Promise<{ count: number; lastAt: number; text?: string }>((resolve) => {
    worker.on('message', (m: { done?: boolean; count: number; lastAt: number; text?: string }) => m.done && resolve(m))
    worker.postMessage('stop')
  })
  await worker.terminate()
  return { count: done.count - before, seconds: (done.lastAt - startedAt) / 1000, text: done.text }
}

/** A bare node:http server that, once triggered, writes `lines` in 4,096-line writes. */
async function bareWriter(lines: string[]): Promise<{ url: string; start(): void; close(): void }> {
  let go = () => {}
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
    res.flushHeaders()
    go = async () => {
      for (let i = 0; i < lines.length; i += 4096) {
        if (!res.write(lines.slice(i, i + 4096).join('\n') + '\n')) await new Promise((r) => res.once('drain', r))
      }
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, start: () => void go(), close: () => { server.closeAllConnections(); server.close() } }
}

/** A bare `ws` server that, once triggered, sends `lines` a frame each, as `{"data":"<line>\n"}`. */
async function bareSocket(lines: string[]): Promise<{ url: string; start(): void; close(): void }> {
  const server = createServer()
  const wss = new WebSocketServer({ server, perMessageDeflate: false })
  let go = () => {}
  wss.on('connection', (ws) => {
    go = async () => {
      for (let i = 0; i < lines.length; i++) {
        ws.send(JSON.stringify({ data: lines[i] + '\n' }))
        if (i % 1024 === 1023 && ws.bufferedAmount > 1 << 20) await new Promise((r) => setTimeout(r, 1))
      }
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    start: () => void go(),
    close: () => {
      for (const c of wss.clients) c.terminate()
      server.close()
    },
  }
}

const ORIGIN = 'https://apps.akkeris.io'

/** A busy App Platform service (4 instances, 60,000 requests a minute) deployed an hour ago, and a live URL following its RUN logs. */
async function busyLiveUrl(sim: ReturnType<typeof paasim.createSim>, base: string): Promise<string> {
  const app = await sim.digitalocean.createApp({ name: 'busy', components: [{ name: 'web', kind: 'service', stack: 'node', instanceCount: 4, requestsPerMinute: 60_000 }] })
  await sim.digitalocean.createDeployment(app.id, { agoMs: 3_600_000 })
  const res = await fetch(`${base}/v2/apps/${app.id}/logs?type=RUN&follow=true&tail_lines=1`, { headers: AUTH })
  return (await res.json()).live_url
}

/** One round: the simulated stream after a jump of the clock, then the bare writer with the same text. */
async function round(open: (sim: ReturnType<typeof paasim.createSim>, base: string) => Promise<string>, jump: string, bare: typeof bareWriter, ws: boolean): Promise<[number, number, number]> {
  const sim = paasim.createSim({ seed: 1, world: 'empty', rateLimit: { hourly: 1e9, burst: 1e9 } })
  await sim.ready
  const live = await sim.listen({ port: 0 })
  const url = await open(sim, live.url)
  const simulated = await receive(url, () => sim.clock.advance(jump), { keep: !ws })
  await live.close()
  sim.dispose()
  // the same lines again, from a bare writer (the WebSocket's lines are regenerated by count)
  const lines = ws ? Array.from({ length: simulated.count }, (_, i) => `web 2026-01-01T00:00:00.${String(i % 1e9).padStart(9, '0')}Z 10.0.0.1 - - "GET /api/items HTTP/1.1" 200 512 "-" "curl/8.5.0"`) : simulated.text!.split('\n').slice(0, simulated.count)
  const writer = await bare(lines)
  const baseline = await receive(writer.url, () => writer.start())
  writer.close()
  return [baseline.count / baseline.seconds, simulated.count / simulated.seconds, simulated.count]
}

/** Runs the stream rows. */
export async function streams(quick: boolean): Promise<void> {
  const rounds = quick ? 1 : 3
  const rows: Array<[string, Parameters<typeof round>[0], string, boolean, string]> = [
    [
      'Akkeris tail catch-up (standalone) vs bare node:http',
      async (sim, base) => {
        await sim.akkeris.createApp({ name: 'busy', space: 'bench', stack: 'node', formation: { web: 8 }, requestsPerMinute: 60_000 })
        const res = await fetch(`${base}/apps/busy-bench/log-sessions`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"lines":1,"tail":true}' })
        return (await res.json()).logplex_url.replace(ORIGIN, base)
      },
      '2m',
      false,
      '≥ 0.5x',
    ],
    [
      'DO live logs, chunked HTTP (follow) vs bare node:http',
      busyLiveUrl,
      '2m',
      false,
      'informational',
    ],
    [
      'DO live logs, WebSocket (a frame a line) vs bare ws',
      async (sim, base) => (await busyLiveUrl(sim, base)).replace(/^http/, 'ws'),
      '2m',
      true,
      'informational',
    ],
  ]
  for (const [name, open, jump, ws, target] of rows) {
    const results: Array<[number, number, number]> = []
    // a round first that is not counted: the figures are a server's that has run before, not its JIT's first pass
    await round(open, jump, ws ? bareSocket : bareWriter, ws)
    for (let i = 0; i < rounds; i++) results.push(await round(open, jump, ws ? bareSocket : bareWriter, ws))
    const baseline = median(results.map((r) => r[0]))
    const simulated = median(results.map((r) => r[1]))
    report(name, simulated, 'lines/s', baseline, target, median(results.map((r) => r[1] / r[0])))
    console.log(`  (${results[0][2]} lines after a ${jump} jump of the clock)`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await streams(process.argv.includes('--quick'))
