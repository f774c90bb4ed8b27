// Counts WebSocket frames in a worker thread (so the client has its own core) and reports the count.
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

const ws = new WebSocket(workerData.url, { perMessageDeflate: false })
let frames = 0
let bad = 0
ws.on('message', (data) => {
  frames++
  if (frames % 5000 === 1 && !JSON.parse(String(data)).data.endsWith('\n')) bad++
})
ws.on('open', () => parentPort.postMessage({ open: true }))
ws.on('close', (code) => parentPort.postMessage({ closed: code, frames, bad }))
const timer = setInterval(() => parentPort.postMessage({ frames }), 10)
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    clearInterval(timer)
    ws.close(1000)
  }
})
