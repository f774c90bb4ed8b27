/**
 * Live logs through msw's WebSocket interception, for in-process tests in runtimes with a global
 * `WebSocket` (Node ≥ 22, browsers, Node 20 with `--experimental-websocket`): a client that opens
 * the `live_url` with its scheme mapped to `wss` gets the same `{"data": …}` frames and close 1000
 * as from the standalone server.
 */
import type { WebSocketHandler } from 'msw'
import { applyStreamFault, isStreamDropped } from '../faults/stream-faults.js'
import { liveLines, liveSocketFault, revokeLogUrl, ticketFor } from '../providers/digitalocean/live.js'
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

/**
 * The live-logs WebSocket handler for an origin such as `https://api.digitalocean.com`, or `undefined` where the runtime has no WebSocket.
 * @note A `drop` fault closes with its code through `client.close(code)`, which msw 2 and 3 allow for
 * any code; for 1006 the client sees a close event with code 1006 but `wasClean: true` and no
 * `error` event first (msw's public API cannot close a mocked socket uncleanly).
 */
export function liveLogsSocketHandler(sim: Simulation, origin: string): WebSocketHandler | undefined {
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') return undefined
  const url = new URL(LIVE_PATH, origin)
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:'
  return linkFor(url.href).addEventListener('connection', ({ client }) => {
    const token = new URL(client.url).searchParams.get('token')
    let opened: ReturnType<typeof ticketFor>
    try {
      opened = ticketFor(sim, token)
    } catch {
      client.close(4403, 'forbidden')
      return
    }
    const fault = liveSocketFault(sim, opened.ticket)
    const stop = new AbortController()
    let left = false
    client.addEventListener('close', () => ((left = true), stop.abort()))
    void (async () => {
      try {
        // the mocked socket is still CONNECTING when the handler runs; frames sent now would be lost
        await new Promise((resolve) => setTimeout(resolve, 0))
        let batches = liveLines(sim, opened.ticket, opened.deployment, stop.signal)
        if (fault) batches = applyStreamFault(batches, fault, { clock: sim.clock, signal: stop.signal, stop: () => stop.abort(), expire: () => revokeLogUrl(sim, token, opened.ticket) })
        for await (const batch of batches) {
          for (const line of batch) client.send(JSON.stringify({ data: line + '\n' }))
        }
        if (!left) client.close(1000)
      } catch (err) {
        if (isStreamDropped(err)) {
          client.close(err.code)
          return
        }
        sim.onError(err)
        if (!left) client.close(4500, 'internal error')
      }
    })()
  })
}
