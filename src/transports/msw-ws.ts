/**
 * Live logs through msw's WebSocket interception, for in-process tests in runtimes with a global
 * `WebSocket` (Node ≥ 22, browsers, Node 20 with `--experimental-websocket`): a client that opens
 * the `live_url` with its scheme mapped to `wss` gets the same `{"data": …}` frames and close 1000
 * as from the standalone server.
 */
import type { WebSocketHandler } from 'msw'
import { liveLines, ticketFor } from '../providers/digitalocean/live.js'
import { LIVE_PATH } from '../providers/digitalocean/log-urls.js'
import type { Simulation } from '../sim.js'
import { ws } from './msw-api.js'

/**
 * One msw link per URL, shared by every simulation in the process: each `ws.link()` adds a
 * listener to msw's process-wide BroadcastChannel that is never removed, so a link per
 * simulation leaked one listener per test and warned (MaxListenersExceeded) past ten. Each
 * simulation still gets its own handler from the shared link.
 */
const links = new Map<string, ReturnType<typeof ws.link>>()

function linkFor(url: string): ReturnType<typeof ws.link> {
  let link = links.get(url)
  if (!link) links.set(url, (link = ws.link(url)))
  return link
}

/** The live-logs WebSocket handler for an origin such as `https://api.digitalocean.com`, or `undefined` where the runtime has no WebSocket. */
export function liveLogsSocketHandler(sim: Simulation, origin: string): WebSocketHandler | undefined {
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') return undefined
  const url = new URL(LIVE_PATH, origin)
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:'
  return linkFor(url.href).addEventListener('connection', ({ client }) => {
    let opened: ReturnType<typeof ticketFor>
    try {
      opened = ticketFor(sim, new URL(client.url).searchParams.get('token'))
    } catch {
      client.close(4403, 'forbidden')
      return
    }
    const stop = new AbortController()
    client.addEventListener('close', () => stop.abort())
    void (async () => {
      try {
        // the mocked socket is still CONNECTING when the handler runs; frames sent now would be lost
        await new Promise((resolve) => setTimeout(resolve, 0))
        for await (const batch of liveLines(sim, opened.ticket, opened.deployment, stop.signal)) {
          for (const line of batch) client.send(JSON.stringify({ data: line + '\n' }))
        }
        if (!stop.signal.aborted) client.close(1000)
      } catch (err) {
        sim.onError(err)
        if (!stop.signal.aborted) client.close(4500, 'internal error')
      }
    })()
  })
}
