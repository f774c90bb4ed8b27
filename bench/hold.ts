/**
 * The holds: a thousand clients streaming from one standalone server on a scaled clock (60× by
 * default) for a fixed time, while a plain `GET /apps` is timed now and then. The server runs in
 * a child process, so the RSS and the event-loop delay (perf_hooks.monitorEventLoopDelay) are its
 * own; the clients run here.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import WebSocket from 'ws'
import { DIST, report, AUTH } from './support.js'

interface ServerStats {
  rss: number
  peakRss: number
  maxDelayMs: number
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
  const child: ChildProcess = fork(new URL('./hold-server.mjs', import.meta.url), [DIST.href], { execArgv: process.env.PAASIM_HOLD_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PAASIM_HOLD_PROF] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
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
  appsP50: number
  appsMax: number
  idleApps: number
  firstByteP99?: number
  serverCpu: number
  clientCpu: number
  p99DelayMs: number
}

function print(name: string, r: HoldResult): void {
  report(`${name}: max event-loop delay`, r.maxDelayMs, 'ms', undefined, '≤ 50 ms')
  report(`${name}: GET /apps during the hold (max)`, r.appsMax, 'ms', r.idleApps, 'well under 1 s', r.appsMax / r.idleApps)
  report(`${name}: server peak RSS`, r.peakRssMb, 'MB', undefined, name.includes('tail') ? '≤ 250 MB' : 'informational')
  console.log(`  (${r.served}/${r.clients} streams served, ${r.failed} refused or failed, ${r.linesPerClient.toFixed(0)} lines per client, GET /apps p50 ${r.appsP50.toFixed(1)} ms, event-loop delay p99 ${r.p99DelayMs.toFixed(0)} ms, CPU server ${r.serverCpu.toFixed(2)} clients ${r.clientCpu.toFixed(2)} of a core${r.firstByteP99 !== undefined ? `, first byte p99 ${r.firstByteP99.toFixed(0)} ms` : ''})`)
}

async function idleAppsLatency(url: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 20; i++) times.push((await get(`${url}/apps`, { headers: AUTH })).ms)
  return pct(times, 50)
}

/** 1,000 Akkeris tails (POST a session, then GET its stream) held for `holdMs` of real time. */
export async function holdTails(clients: number, holdMs: number): Promise<HoldResult> {
  const server = await startServer()
  const idleApps = await idleAppsLatency(server.url)
  await server.ask('reset')
  const clientCpu = cpuMeter()
  const poll = pollApps(server.url, 250)
  let failed = 0
  let served = 0
  let lines = 0
  const firstBytes: number[] = []
  const reasons = new Map<string, number>()
  const open: Array<() => void> = []
  const deadline = performance.now() + holdMs
  const ended = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now()))).then(() => open.forEach((close) => close()))
  await Promise.all<void>([
    ended,
    ...Array.from({ length: clients }, async (_, i): Promise<void> => {
      const app = server.akkerisApps[i % server.akkerisApps.length]
      const created = await get(`${server.url}/apps/${app}/log-sessions`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"lines":100,"tail":true}' })
      if (created.status !== 201) {
        failed++
        reasons.set(`POST ${created.status}`, (reasons.get(`POST ${created.status}`) ?? 0) + 1)
        return
      }
      const { logplex_url: url } = JSON.parse(created.body) as { logplex_url: string }
      const start = performance.now()
      await new Promise<void>((resolve) => {
        const req = request(url, { agent }, (res) => {
          if (res.statusCode !== 200) {
            reasons.set(`GET ${res.statusCode}`, (reasons.get(`GET ${res.statusCode}`) ?? 0) + 1)
            failed++
            res.resume()
            return resolve()
          }
          served++
          let first = true
          res.on('data', (chunk: Buffer) => {
            if (first) firstBytes.push(performance.now() - start)
            first = false
            for (let j = chunk.indexOf(10); j !== -1; j = chunk.indexOf(10, j + 1)) lines++
          })
          res.on('close', resolve)
          res.on('error', resolve)
        })
        req.on('error', () => {
          failed++
          resolve()
        })
        open.push(() => req.destroy())
        req.end()
      })
    }),
  ])
  const stats = await server.ask('stats')
  if (process.env.PAASIM_HOLD_DEBUG) console.log(stats)
  const apps = await poll.stop()
  await server.close()
  if (reasons.size) console.log(`  (failures: ${[...reasons].map(([k, v]) => `${v}× ${k}`).join(', ')})`)
  return {
    clients,
    served,
    failed,
    linesPerClient: lines / Math.max(1, served),
    peakRssMb: stats.peakRss / 1e6,
    maxDelayMs: stats.maxDelayMs,
    p99DelayMs: stats.p99DelayMs,
    serverCpu: stats.cpuShare,
    clientCpu: clientCpu(),
    appsP50: pct(apps, 50),
    appsMax: Math.max(...apps),
    idleApps,
    firstByteP99: pct(firstBytes, 99),
  }
}

/** 1,000 DigitalOcean live-log WebSockets held for `holdMs` of real time. */
export async function holdSockets(clients: number, holdMs: number): Promise<HoldResult> {
  const server = await startServer()
  const idleApps = await idleAppsLatency(server.url)
  const logs = await get(`${server.url}/v2/apps/${server.doApp}/logs?type=RUN&follow=true&tail_lines=10`, { headers: AUTH })
  const liveUrl = String(JSON.parse(logs.body).live_url).replace(/^http/, 'ws')
  await server.ask('reset')
  const clientCpu = cpuMeter()
  const poll = pollApps(server.url, 250)
  let failed = 0
  let served = 0
  let frames = 0
  const sockets: WebSocket[] = []
  await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(liveUrl, { perMessageDeflate: false, handshakeTimeout: 60_000 })
          sockets.push(ws)
          ws.on('open', () => {
            served++
            resolve()
          })
          ws.on('message', () => frames++)
          ws.on('error', () => {
            failed++
            resolve()
          })
        }),
    ),
  )
  await new Promise((resolve) => setTimeout(resolve, holdMs))
  const stats = await server.ask('stats')
  const apps = await poll.stop()
  for (const ws of sockets) ws.terminate()
  await server.close()
  return {
    clients,
    served,
    failed,
    linesPerClient: frames / Math.max(1, served),
    peakRssMb: stats.peakRss / 1e6,
    maxDelayMs: stats.maxDelayMs,
    p99DelayMs: stats.p99DelayMs,
    serverCpu: stats.cpuShare,
    clientCpu: clientCpu(),
    appsP50: pct(apps, 50),
    appsMax: Math.max(...apps),
    idleApps,
  }
}

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
