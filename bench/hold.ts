/**
 * The holds: a thousand clients streaming from one standalone server on a scaled clock (60× by
 * default) for a fixed time, while a plain `GET /apps` is timed now and then. The server runs in
 * a child process, so the RSS and the event-loop delay (perf_hooks.monitorEventLoopDelay) are its
 * own; the clients run in a worker thread, and GET /apps is timed from this thread alone.
 * PAASIM_HOLD_PROF=DIR profiles the server; PAASIM_HOLD_NODE_FLAGS adds node flags to it;
 * PAASIM_HOLD_HEAP=off runs it without `paasim serve`'s heap policy; PAASIM_HOLD_STALLS=MS and
 * PAASIM_HOLD_GC=MS print the server's stalls and GC pauses (see hold-server.mjs).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { Worker } from 'node:worker_threads'
import { DIST, report, AUTH } from './support.js'

interface ServerStats {
  rss: number
  peakRss: number
  /** On a 1 ms probe (see hold-server.mjs). */
  maxDelayMs: number
  /** On a 10 ms probe, which reads its own period into the delay. */
  coarseMaxDelayMs: number
  /** The longest CPU time of the main thread between two ticks of a 1 ms probe. */
  maxCpuMs: number
  p99DelayMs: number
  /** CPU time over wall time since the last reset (1 = one core busy throughout). */
  cpuShare: number
}

/** A hold server: its URL, the ids of the default world, and a way to ask it for figures. */
interface HoldServer {
  url: string
  doApp: string
  akkerisApps: string[]
  ask(msg: 'stats' | 'reset'): Promise<ServerStats>
  close(): Promise<void>
}

async function startServer(): Promise<HoldServer> {
  const child: ChildProcess = fork(new URL('./hold-server.mjs', import.meta.url), [DIST.href], { execArgv: [...(process.env.PAASIM_HOLD_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PAASIM_HOLD_PROF] : []), ...(process.env.PAASIM_HOLD_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const hello = await new Promise<{ url: string; doApp: string; akkerisApps: string[] }>((resolve, reject) => {
    child.once('message', resolve as (m: unknown) => void)
    child.once('error', reject)
  })
  return {
    ...hello,
    ask: (msg) =>
      new Promise((resolve) => {
        child.once('message', resolve as (m: unknown) => void)
        child.send(msg)
      }),
    close: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.send('close')
      }),
  }
}

/** This process's CPU share from now until the returned function is called. */
function cpuMeter(): () => number {
  const cpu = process.cpuUsage()
  const start = performance.now()
  return () => {
    const used = process.cpuUsage(cpu)
    return (used.user + used.system) / 1000 / (performance.now() - start)
  }
}

const agent = new Agent({ keepAlive: false, maxSockets: Infinity })

/** One request's status, body and time to its last byte. */
function get(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; ms: number }> {
  const start = performance.now()
  return new Promise((resolve) => {
    const req = request(url, { agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - start }))
      res.on('error', () => resolve({ status: 0, body, ms: performance.now() - start }))
    })
    req.setTimeout(120_000, () => req.destroy())
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - start }))
    req.end(init.body)
  })
}

/** Times `GET /apps` every `everyMs` until stopped; returns the latencies. */
function pollApps(url: string, everyMs: number): { stop(): Promise<number[]> } {
  const times: number[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const r = await get(`${url}/apps`, { headers: AUTH })
      times.push(r.status === 200 ? r.ms : Infinity)
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return times
    },
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN
}

/** What one hold printed. */
export interface HoldResult {
  clients: number
  served: number
  failed: number
  linesPerClient: number
  peakRssMb: number
  maxDelayMs: number
  coarseMaxDelayMs: number
  maxCpuMs: number
  appsP50: number
  appsMax: number
  idleApps: number
  firstByteP99?: number
  serverCpu: number
  clientCpu: number
  p99DelayMs: number
}

function print(name: string, r: HoldResult): void {
  report(`${name}: max event-loop delay`, r.maxDelayMs, 'ms', undefined, '≤ 50 ms (1 ms probe)')
  report(`${name}: longest loop turn in CPU time`, r.maxCpuMs, 'ms', undefined, '≤ 50 ms (the delay without the time the machine did not run the server thread)')
  report(`${name}: GET /apps during the hold (max)`, r.appsMax, 'ms', r.idleApps, 'well under 1 s', r.appsMax / r.idleApps)
  report(`${name}: server peak RSS`, r.peakRssMb, 'MB', undefined, name.includes('tail') ? '≤ 250 MB' : 'informational')
  report(`${name}: streams refused or failed`, r.failed, '', undefined, '0')
  if (r.firstByteP99 !== undefined) report(`${name}: first byte p99 (GET of the session)`, r.firstByteP99, 'ms', undefined, '≤ 1 s')
  console.log(`  (${r.served}/${r.clients} streams served, ${r.linesPerClient.toFixed(0)} lines per client, GET /apps p50 ${r.appsP50.toFixed(1)} ms, event-loop delay p99 ${r.p99DelayMs.toFixed(0)} ms, max on a 10 ms probe ${r.coarseMaxDelayMs.toFixed(0)} ms, CPU server ${r.serverCpu.toFixed(2)}, clients and poller ${r.clientCpu.toFixed(2)} of a core)`)
}

async function idleAppsLatency(url: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 20; i++) times.push((await get(`${url}/apps`, { headers: AUTH })).ms)
  return pct(times, 50)
}

/** What the clients' worker reports when stopped. */
interface ClientStats {
  served: number
  failed: number
  lines: number
  firstBytes: number[]
  reasons: Record<string, number>
}

/** Holds `clients` streams of `kind` for `holdMs` of real time, timing GET /apps meanwhile. */
async function hold(kind: 'tails' | 'sockets', clients: number, holdMs: number): Promise<HoldResult> {
  const server = await startServer()
  const idleApps = await idleAppsLatency(server.url)
  let liveUrl: string | undefined
  if (kind === 'sockets') {
    const logs = await get(`${server.url}/v2/apps/${server.doApp}/logs?type=RUN&follow=true&tail_lines=10`, { headers: AUTH })
    liveUrl = String(JSON.parse(logs.body).live_url).replace(/^http/, 'ws')
  }
  await server.ask('reset')
  const clientCpu = cpuMeter()
  const poll = pollApps(server.url, 250)
  const worker = new Worker(new URL('./hold-clients.mjs', import.meta.url), {
    workerData: { kind, clients, url: server.url, apps: server.akkerisApps, auth: AUTH, liveUrl },
  })
  await new Promise((resolve) => setTimeout(resolve, holdMs))
  const stats = await server.ask('stats')
  if (process.env.PAASIM_HOLD_DEBUG) console.log(stats)
  const seen = await new Promise<ClientStats>((resolve) => {
    worker.once('message', resolve)
    worker.postMessage('stop')
  })
  await worker.terminate()
  const apps = await poll.stop()
  await server.close()
  const reasons = Object.entries(seen.reasons)
  if (reasons.length) console.log(`  (failures: ${reasons.map(([k, v]) => `${v}× ${k}`).join(', ')})`)
  return {
    clients,
    served: seen.served,
    failed: clients - seen.served,
    linesPerClient: seen.lines / Math.max(1, seen.served),
    peakRssMb: stats.peakRss / 1e6,
    maxDelayMs: stats.maxDelayMs,
    coarseMaxDelayMs: stats.coarseMaxDelayMs,
    maxCpuMs: stats.maxCpuMs,
    p99DelayMs: stats.p99DelayMs,
    serverCpu: stats.cpuShare,
    clientCpu: clientCpu(),
    appsP50: pct(apps, 50),
    appsMax: Math.max(...apps),
    idleApps,
    firstByteP99: kind === 'tails' ? pct(seen.firstBytes, 99) : undefined,
  }
}

/** 1,000 Akkeris tails (POST a session, then GET its stream) held for `holdMs` of real time. */
export const holdTails = (clients: number, holdMs: number) => hold('tails', clients, holdMs)

/** 1,000 DigitalOcean live-log WebSockets held for `holdMs` of real time. */
export const holdSockets = (clients: number, holdMs: number) => hold('sockets', clients, holdMs)

/** Runs both holds and prints them. */
export async function holds(quick: boolean): Promise<void> {
  const holdMs = quick ? 8_000 : 20_000
  print(`1,000 Akkeris tails, speed 60, ${holdMs / 1000} s`, await holdTails(1000, holdMs))
  print(`1,000 DO live WebSockets, speed 60, ${holdMs / 1000} s`, await holdSockets(1000, holdMs))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'both'
  const holdMs = Number(process.argv[3] ?? 8000)
  const clients = Number(process.argv[4] ?? 1000)
  if (which !== 'ws') print(`${clients} Akkeris tails`, await holdTails(clients, holdMs))
  if (which !== 'tails') print(`${clients} DO live WebSockets`, await holdSockets(clients, holdMs))
}
