// Counts WebSocket frames in a worker thread (so the client has its own core) and reports the count.
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

const ws = new WebSocket(workerData.url, { perMessageDeflate: false })
let frames = 0
let bad = 0
let lastAt = 0 // absolute ms (timeOrigin-based) of the latest frame
ws.on('message', (data) => {
  frames++
  lastAt = performance.timeOrigin + performance.now()
  if (frames % 5000 === 1 && !JSON.parse(String(data)).data.endsWith('\n')) bad++
})
ws.on('open', () => parentPort.postMessage({ open: true }))
ws.on('close', (code) => parentPort.postMessage({ closed: code, frames, bad }))
const timer = setInterval(() => parentPort.postMessage({ frames, lastAt }), 10)
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    clearInterval(timer)
    ws.close(1000)
  }
})
