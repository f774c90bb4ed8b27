// The clients of a hold, in a worker thread of their own so that the GET /apps timed by the parent
// does not wait behind a thousand streams' data events: `tails` POSTs an Akkeris log session and
// GETs its stream, `sockets` opens DigitalOcean live-log WebSockets. Stops on 'stop'.
import { readdirSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

const { kind, clients, url, apps, auth, liveUrl } = workerData
// The clients are the load generator on the server's own machine: once every stream is open they
// run below its priority (nice 10), as load from other machines would not compete with it for a
// core. Without it the scheduler's choice between them, not the server, made the worst delays on
// two cores (a tails hold's max 45-62 ms against 37-41 ms, the clients reading as many lines).
// Not before: a client waiting for a core while it opens reads its own wait into the first byte
// (p99 50-100 ms became 250-500 ms). On Linux a thread's priority is its own: every thread of this
// process but the main one, which times GET /apps, is lowered (this one and V8's and libuv's
// helpers). Elsewhere the clients run as they are.
let lowered = false
/** Streams that have begun (a tail's first byte, a socket's open). */
let begun = 0
function yieldToServer() {
  if (lowered || begun + stats.failed < clients) return
  lowered = true
  try {
    for (const tid of readdirSync('/proc/self/task')) if (Number(tid) !== process.pid) setPriority(Number(tid), 10)
  } catch {}
}
const agent = new Agent({ keepAlive: false, maxSockets: Infinity })
const stats = { served: 0, failed: 0, lines: 0, firstBytes: [], reasons: {} }
const closers = []
const fail = (reason) => {
  stats.failed++
  stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1
  yieldToServer()
}

function post(path, body) {
  return new Promise((resolve) => {
    const req = request(url + path, { agent, method: 'POST', headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode, text }))
    })
    req.on('error', () => resolve({ status: 0, text: '' }))
    closers.push(() => req.destroy())
    req.end(body)
  })
}

async function tail(i) {
  const created = await post(`/apps/${apps[i % apps.length]}/log-sessions`, '{"lines":100,"tail":true}')
  if (created.status !== 201) return fail(`POST ${created.status}`)
  const start = performance.now()
  const req = request(JSON.parse(created.text).logplex_url, { agent }, (res) => {
    if (res.statusCode !== 200) {
      res.resume()
      return fail(`GET ${res.statusCode}`)
    }
    stats.served++
    let first = true
    res.on('data', (chunk) => {
      if (first) {
        stats.firstBytes.push(performance.now() - start)
        first = false
        begun++
        yieldToServer()
      }
      for (let j = chunk.indexOf(10); j !== -1; j = chunk.indexOf(10, j + 1)) stats.lines++
    })
    res.on('error', () => {})
  })
  req.on('error', () => {})
  closers.push(() => req.destroy())
  req.end()
}

function socket() {
  const ws = new WebSocket(liveUrl, { perMessageDeflate: false, handshakeTimeout: 60_000 })
  closers.push(() => ws.terminate())
  ws.on('open', () => {
    stats.served++
    begun++
    yieldToServer()
  })
  ws.on('message', () => stats.lines++)
  ws.on('error', () => fail('WebSocket error'))
}

for (let i = 0; i < clients; i++) kind === 'tails' ? void tail(i) : socket()
parentPort.on('message', (msg) => {
  if (msg !== 'stop') return
  for (const close of closers) close()
  parentPort.postMessage(stats)
})
