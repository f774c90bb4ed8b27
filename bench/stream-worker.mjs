// A stream client in a worker thread (its own core): reads one HTTP chunked stream (counting lines)
// or one WebSocket (counting frames), tells the parent when it is open, and reports the count and
// the arrival time of the latest line until told to stop.
import { request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

let count = 0
let lastAt = 0
let text = workerData.keep ? [] : undefined
const now = () => performance.timeOrigin + performance.now()
const timer = setInterval(() => parentPort.postMessage({ count, lastAt }), 20)
let stop = () => {}
if (workerData.url.startsWith('ws')) {
  const ws = new WebSocket(workerData.url, { perMessageDeflate: false })
  ws.on('open', () => parentPort.postMessage({ open: true }))
  ws.on('message', () => {
    count++
    lastAt = now()
  })
  stop = () => ws.terminate()
} else {
  const req = request(workerData.url, { headers: workerData.headers ?? {} }, (res) => {
    parentPort.postMessage({ open: true })
    res.on('data', (chunk) => {
      text?.push(chunk)
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++
      lastAt = now()
    })
  })
  req.on('error', () => {})
  req.end()
  stop = () => req.destroy()
}
parentPort.on('message', (msg) => {
  if (msg === 'stop') {
    clearInterval(timer)
    stop()
    parentPort.postMessage({ done: true, count, lastAt, text: text ? Buffer.concat(text).toString('utf8') : undefined })
  }
})
