// Keep-alive HTTP load on loopback, run in a worker thread (plain JS so the worker needs no loader).
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const spec = workerData
const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency })
let done = 0
let errors = 0
const end = performance.now() + spec.durationMs
const one = () =>
  new Promise((resolve) => {
    const req = request(spec.url, { agent, headers: spec.headers }, (res) => {
      if (res.statusCode !== 200) errors++
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', () => {
      errors++
      resolve()
    })
    req.end()
  })
const start = performance.now()
await Promise.all(
  Array.from({ length: spec.concurrency }, async () => {
    while (performance.now() < end && done < 2_000_000) {
      await one()
      done++
    }
  }),
)
const seconds = (performance.now() - start) / 1000
agent.destroy()
parentPort.postMessage({ rps: done / seconds, errors })
