// The server side of the hold benchmarks, in a process of its own so its RSS and event-loop delay
// are its own: a scaled-clock simulation served on loopback, reporting what the parent asks for.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { threadCpuMs } from './thread-cpu.mjs'

const dist = process.argv[2]
// the heap policy `paasim serve` runs with (a build from before it had none)
const { useServingHeap } = await import(new URL('src/transports/server.js', dist).href)
if (process.env.PAASIM_HOLD_HEAP !== 'off') useServingHeap?.()
const { createSim } = await import(new URL('src/index.js', dist).href)
const sim = createSim({ seed: 1, clock: 'scaled', speed: Number(process.argv[3] ?? 60), rateLimit: { hourly: 1e9, burst: 1e9 }, onError: () => {} })
await sim.ready
const live = await sim.listen({ port: 0 })
// The histogram records the time between two ticks of its probe timer, the probe's own period
// included: a loop held for 30 ms reads up to 40 ms on a 10 ms probe (36-41 seen here) and 31-32 ms
// on a 1 ms one. The 1 ms probe is the delay the target is about; the 10 ms reading is shown beside it.
const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()
const coarseDelay = monitorEventLoopDelay({ resolution: 10 })
coarseDelay.enable()
let peakRss = process.memoryUsage().rss
let cpu = process.cpuUsage()
let since = performance.now()
/** When the server was ready: the diagnostics' times count from it. */
const t0 = performance.now()
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref()
// the largest CPU time the main thread spent between two ticks of a 1 ms probe: how long one turn
// of the loop held it, without the time a busy machine did not run it (see thread-cpu.mjs)
let maxCpuMs = 0
let lastCpu = threadCpuMs()
setInterval(() => {
  const now = threadCpuMs()
  maxCpuMs = Math.max(maxCpuMs, now - lastCpu)
  lastCpu = now
}, 1).unref()
process.on('message', (msg) => {
  if (msg === 'reset') {
    delay.reset()
    coarseDelay.reset()
    maxCpuMs = 0
    lastCpu = threadCpuMs()
    peakRss = process.memoryUsage().rss
    cpu = process.cpuUsage()
    since = performance.now()
    process.send({ reset: true })
  } else if (msg === 'stats') {
    if (process.env.PAASIM_HOLD_STALLS) console.error(`stats at ${((performance.now() - t0) / 1000).toFixed(2)} s`)
    const used = process.cpuUsage(cpu)
    process.send({ rss: process.memoryUsage().rss, peakRss, maxDelayMs: delay.max / 1e6, coarseMaxDelayMs: coarseDelay.max / 1e6, maxCpuMs, heapUsed: process.memoryUsage().heapUsed, external: process.memoryUsage().external, arrayBuffers: process.memoryUsage().arrayBuffers, p99DelayMs: delay.percentile(99) / 1e6, cpuShare: (used.user + used.system) / 1000 / (performance.now() - since) })
  } else if (msg === 'close') {
    live.close().then(() => process.exit(0))
  }
})
const doApp = sim.digitalocean.apps().find((a) => a.name === 'shop-frontend')
process.send({ url: live.url, doApp: doApp?.id, akkerisApps: sim.akkeris.apps().map((a) => a.key) })
// PAASIM_HOLD_STALLS=MS prints each gap of a 5 ms probe longer than MS (150 when not a number), with
// the process's CPU time in it (GC helper threads count); PAASIM_HOLD_GC=MS prints each GC pause
// of at least MS, by kind
if (process.env.PAASIM_HOLD_STALLS) {
  const threshold = Number(process.env.PAASIM_HOLD_STALLS) || 150
  let last = performance.now()
  let lastCpu = process.cpuUsage()
  setInterval(() => {
    const now = performance.now()
    const cpu = process.cpuUsage()
    const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000
    if (now - last > threshold) console.error(`stall ${(now - last).toFixed(0)} ms (${cpuMs.toFixed(0)} ms CPU) at ${((now - t0) / 1000).toFixed(2)} s`)
    ;[last, lastCpu] = [now, cpu]
  }, 5).unref()
}
if (process.env.PAASIM_HOLD_GC) {
  const { PerformanceObserver, constants } = await import('node:perf_hooks')
  const kinds = { [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' }
  const min = Number(process.env.PAASIM_HOLD_GC) || 0
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= min) console.error(`gc ${kinds[e.detail?.kind] ?? 'other'} ${e.duration.toFixed(1)} ms at ${((e.startTime + e.duration - t0) / 1000).toFixed(2)} s`)
  }).observe({ entryTypes: ['gc'] })
}
