// The server side of the hold benchmarks, in a process of its own so its RSS and event-loop delay
// are its own: a scaled-clock simulation served on loopback, reporting what the parent asks for.
import { monitorEventLoopDelay } from 'node:perf_hooks'

const dist = process.argv[2]
// the heap policy `paasim serve` runs with (a build from before it had none)
const { useServingHeap } = await import(new URL('src/transports/server.js', dist).href)
if (process.env.PAASIM_HOLD_HEAP !== 'off') useServingHeap?.()
const { createSim } = await import(new URL('src/index.js', dist).href)
const sim = createSim({ seed: 1, clock: 'scaled', speed: Number(process.argv[3] ?? 60), rateLimit: { hourly: 1e9, burst: 1e9 }, onError: () => {} })
await sim.ready
const live = await sim.listen({ port: 0 })
const delay = monitorEventLoopDelay({ resolution: 10 })
delay.enable()
let peakRss = process.memoryUsage().rss
let cpu = process.cpuUsage()
let since = performance.now()
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref()
// the largest CPU time spent between two ticks of a 1 ms probe: how long one turn of the loop held
// it, without the time a busy machine did not schedule the process (GC helper threads count too)
let maxCpuMs = 0
let lastCpu = process.cpuUsage()
setInterval(() => {
  const now = process.cpuUsage()
  maxCpuMs = Math.max(maxCpuMs, (now.user - lastCpu.user + now.system - lastCpu.system) / 1000)
  lastCpu = now
}, 1).unref()
process.on('message', (msg) => {
  if (msg === 'reset') {
    delay.reset()
    maxCpuMs = 0
    lastCpu = process.cpuUsage()
    peakRss = process.memoryUsage().rss
    cpu = process.cpuUsage()
    since = performance.now()
    process.send({ reset: true })
  } else if (msg === 'stats') {
    const used = process.cpuUsage(cpu)
    process.send({ rss: process.memoryUsage().rss, peakRss, maxDelayMs: delay.max / 1e6, maxCpuMs, heapUsed: process.memoryUsage().heapUsed, external: process.memoryUsage().external, arrayBuffers: process.memoryUsage().arrayBuffers, p99DelayMs: delay.percentile(99) / 1e6, cpuShare: (used.user + used.system) / 1000 / (performance.now() - since) })
  } else if (msg === 'close') {
    live.close().then(() => process.exit(0))
  }
})
const doApp = sim.digitalocean.apps().find((a) => a.name === 'shop-frontend')
process.send({ url: live.url, doApp: doApp?.id, akkerisApps: sim.akkeris.apps().map((a) => a.key) })
if (process.env.PAASIM_HOLD_STALLS) {
  const t0 = performance.now()
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    if (now - last > 150) console.error(`stall ${(now - last).toFixed(0)} ms at ${((now - t0) / 1000).toFixed(2)} s`)
    last = now
  }, 20).unref()
}
