// The server side of the block benchmarks, in a process of its own: the default world served on
// loopback, a bare Express route on demand, and a probe that ticks every millisecond and keeps the
// largest CPU time its main thread spent between two ticks (what one turn of the event loop held it
// for, without the time the machine did not run it; see thread-cpu.mjs) and the largest wall-clock gap.
import express from 'express'
import { threadCpuMs } from './thread-cpu.mjs'

const dist = process.argv[2]
const { createSim } = await import(new URL('src/index.js', dist).href)
const sim = createSim({ seed: 1, clock: 'real', rateLimit: { hourly: 1e9, burst: 1e9 }, onError: () => {} })
await sim.ready
const live = await sim.listen({ port: 0 })
let bare
let maxCpuMs = 0
let maxWallMs = 0
let lastCpu = threadCpuMs()
let lastWall = performance.now()
const tick = () => {
  const cpu = threadCpuMs()
  const wall = performance.now()
  maxCpuMs = Math.max(maxCpuMs, cpu - lastCpu)
  maxWallMs = Math.max(maxWallMs, wall - lastWall)
  ;[lastCpu, lastWall] = [cpu, wall]
}
setInterval(tick, 1).unref()
process.on('disconnect', () => process.exit(0)) // the bench died: do not linger
process.on('message', async (msg) => {
  if (msg.bare) {
    bare?.close()
    const app = express()
    app.get(msg.bare.path, (_req, res) => void res.type(msg.bare.type).send(msg.bare.body))
    bare = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    process.send({ url: `http://127.0.0.1:${bare.address().port}` })
  } else if (msg === 'reset') {
    tick()
    maxCpuMs = maxWallMs = 0
    process.send({ reset: true })
  } else if (msg === 'stats') {
    tick()
    process.send({ maxCpuMs, maxWallMs })
  } else if (msg === 'close') {
    bare?.close()
    live.close().then(() => process.exit(0))
  }
})
const worker = sim.digitalocean.apps().find((a) => a.name === 'billing-worker')
process.send({ url: live.url, worker: worker.id })
