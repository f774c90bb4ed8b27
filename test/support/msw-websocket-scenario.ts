/** Child-process scenario for test/digitalocean/msw-websocket.test.ts: prints one JSON result line. */
import { setupServer } from 'msw/node'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'
import { STRICT } from './msw.js'

const sim = createSim({ seed: 9 })
await sim.ready
const server = setupServer(...sim.handlers)
server.listen(STRICT)
const app = sim.digitalocean.app('shop-frontend')
const res = await fetch(`https://api.digitalocean.com/v2/apps/${app.id}/logs?type=RUN&tail_lines=10&component_name=web`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
const { live_url } = (await res.json()) as { live_url: string }

function open(url: string): Promise<{ code: number; frames: string[] }> {
  return new Promise((resolve) => {
    const frames: string[] = []
    const socket = new WebSocket(url)
    socket.addEventListener('message', (e) => frames.push(String(e.data)))
    socket.addEventListener('close', (e) => resolve({ code: e.code, frames }))
  })
}

const ok = await open(live_url.replace(/^https/, 'wss'))
const forged = await open(live_url.replace(/^https/, 'wss').replace('token=', 'token=x'))
server.close()
console.log(JSON.stringify({ code: ok.code, frames: ok.frames.length, sample: ok.frames.slice(0, 3), forbidden: forged.code }))
