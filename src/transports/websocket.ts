/**
 * Live logs over WebSocket on the standalone server, as doctl opens them: the `live_url`'s scheme
 * mapped to `ws`/`wss`, authorised by its `token` query parameter only. Each line is one text frame
 * `{"data":"<component> <RFC3339Nano> <message>\n"}`; the stream ends with close code 1000.
 */
import { STREAM_STOPPED } from '../core/errors.js'
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket } from 'ws'
import { ABNORMAL_CLOSURE, applyStreamFault, isStreamDropped } from '../faults/stream-faults.js'
import type { StreamFault } from '../faults/types.js'
import { liveLines, liveSocketFault, revokeLogUrl, ticketFor } from '../providers/digitalocean/live.js'
import { LIVE_PATH } from '../providers/digitalocean/log-urls.js'
import type { Simulation } from '../sim.js'
import { Turns } from './turns.js'
import { answerRaw, requestUrl } from './edges.js'
import type { Answer } from './express.js'
import { drained } from './stream-writer.js'

const PREFIX = Buffer.from('{"data":')

/**
 * Unmasked text frames (server to client, RFC 6455 §5.2), one per line, `{"data":"<line>\n"}`,
 * concatenated so a whole batch is one socket write.
 * @note The batch is JSON-encoded in one `JSON.stringify` call (ten times faster than one call a
 * line) and split at the element boundaries: every element ends in an escaped `\n` followed by an
 * unescaped quote, which cannot occur inside an element.
 */
export function encodeLineFrames(lines: string[]): Buffer {
  const json = JSON.stringify(lines.map((line) => line + '\n'))
  const parts: Array<[number, number, number]> = [] // start, end, payload bytes
  let size = 0
  let start = 1
  for (let i = 0; i < lines.length; i++) {
    const end = i === lines.length - 1 ? json.length - 1 : json.indexOf('\\n","', start) + 3
    const bytes = PREFIX.length + Buffer.byteLength(json.slice(start, end)) + 1
    parts.push([start, end, bytes])
    size += bytes + (bytes < 126 ? 2 : bytes < 65536 ? 4 : 10)
    start = end + 1
  }
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const [from, to, n] of parts) {
    out[at++] = 0x81 // FIN + text
    if (n < 126) out[at++] = n
    else if (n < 65536) {
      out[at++] = 126
      out.writeUInt16BE(n, at)
      at += 2
    } else {
      out[at++] = 127
      out.writeBigUInt64BE(BigInt(n), at)
      at += 8
    }
    at += PREFIX.copy(out, at)
    at += out.write(json.slice(from, to), at, 'utf8')
    out[at++] = 0x7d // }
  }
  return out
}

/** What an open live-logs socket streams: its ticket, and the stream fault a rule decided for it. */
interface LiveSocket {
  opened: ReturnType<typeof ticketFor>
  token: string | null
  fault: StreamFault | undefined
}

/**
 * Streams a ticket's lines into an open socket until the stream ends or the client leaves. A
 * `drop` fault ends it with its close code: 1006 destroys the socket (no close frame), others send
 * one; an `expire` revokes the URL and closes with 1000, as a finished stream.
 */
async function pump(ws: WebSocket, socket: Duplex, sim: Simulation, live: LiveSocket, turns: Turns): Promise<void> {
  const { opened, fault } = live
  const stop = new AbortController()
  ws.on('close', () => stop.abort(STREAM_STOPPED))
  ws.on('error', () => stop.abort(STREAM_STOPPED))
  let batches = liveLines(sim, opened.ticket, opened.deployment, stop.signal)
  if (fault) batches = applyStreamFault(batches, fault, { clock: sim.clock, signal: stop.signal, stop: () => stop.abort(STREAM_STOPPED), expire: () => revokeLogUrl(sim, live.token, opened.ticket) })
  // dropped before each wait: a held socket does not keep its last batch of lines
  let next: IteratorResult<string[]> | undefined
  try {
    for (let first = true; ; first = false) {
      next = undefined
      // a turn per batch: a catch-up must not run on while other sockets and requests wait (the
      // first, the backlog, goes in the handshake's own turn: it was admitted like a request)
      if (!first) await turns.next()
      next = await batches.next()
      if (next.done || ws.readyState !== WebSocket.OPEN) break
      if (next.value.length === 0) continue
      // the frames go straight to the socket: ws has nothing queued while we stream
      const ok = socket.write(encodeLineFrames(next.value))
      next = undefined
      if (!ok) await drained(socket)
    }
    if (ws.readyState === WebSocket.OPEN) ws.close(1000)
  } catch (err) {
    if (isStreamDropped(err)) {
      if (err.code === ABNORMAL_CLOSURE) ws.terminate()
      else if (ws.readyState === WebSocket.OPEN) ws.close(err.code)
      return
    }
    sim.onError(err)
    if (ws.readyState === WebSocket.OPEN) ws.close(1011, 'internal error')
  } finally {
    stop.abort(STREAM_STOPPED)
    await batches.return(undefined)
  }
}

/**
 * Answers WebSocket upgrades of the live-logs path on `server`; any other upgrade, or one whose
 * ticket is refused, gets the owning API's own answer (headers included) through `answer`.
 * Returns a function that closes every socket.
 */
export function attachLiveLogSockets(server: Server, sim: Simulation, answer: Answer, turns = new Turns()): () => void {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  // a burst of handshakes is answered over several loop iterations, as requests are (see Turns.admit)
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => turns.admit(() => upgrade(req, socket, head), 'opens'))
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (socket.destroyed) return
    const refuse = () => answerRaw(answer, req, socket, (err) => sim.onError(err))
    const url = new URL(requestUrl(req))
    if (url.pathname !== LIVE_PATH || !sim.isReady) return refuse()
    const token = url.searchParams.get('token')
    let opened: ReturnType<typeof ticketFor>
    try {
      opened = ticketFor(sim, token)
    } catch {
      return refuse()
    }
    const live = { opened, token, fault: liveSocketFault(sim, opened.ticket) }
    wss.handleUpgrade(req, socket, head, (ws) => void pump(ws, socket, sim, live, turns))
  }
  return () => {
    for (const ws of wss.clients) ws.terminate()
    wss.close()
  }
}
