/**
 * Connection faults on the standalone server, written to the socket itself (Node's response is
 * never used for them): `reset` sends a TCP RST, `empty` closes before a byte, `malformed` writes
 * bytes that are not HTTP and closes, `truncate` writes the head (with the Content-Length of the
 * whole body) and the first bytes of the body, then closes.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { wireHeaderName, type SimResponse } from '../http/respond.js'

/** The status line and headers of `response`, header names as it writes them; framing headers as given in `framing`. */
export function rawHead(response: SimResponse, framing: string[]): string {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Error'}`]
  response.headers.forEach((value, name) => {
    if (name !== 'content-length' && name !== 'connection' && name !== 'transfer-encoding') lines.push(`${wireHeaderName(response, name)}: ${value}`)
  })
  lines.push(...framing)
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Ends the socket once what was written is flushed (a FIN, not a reset). */
function close(socket: Duplex): void {
  if (socket.destroyed) return
  socket.end(() => socket.destroy())
}

/**
 * Carries out `response.connection` on `socket` instead of writing the answer. `method` is the
 * request's (a HEAD answer has no body to cut). Resolves once the socket is done with.
 */
export async function breakConnection(socket: Duplex, response: SimResponse, method: string): Promise<void> {
  const fault = response.connection!
  if (socket.destroyed) return
  if (fault.kind === 'reset') {
    const tcp = socket as Socket
    // a TLS socket has no RST of its own to send: its TCP socket does
    const raw = ((socket as { _parent?: Socket })._parent ?? tcp) as Socket
    if (typeof raw.resetAndDestroy === 'function' && !raw.destroyed) raw.resetAndDestroy()
    socket.destroy()
    return
  }
  if (fault.kind === 'empty') return close(socket)
  if (fault.kind === 'malformed') {
    socket.write(fault.bytes)
    return close(socket)
  }
  const body = response.body
  if (body === null || typeof body === 'string') {
    const data = Buffer.from(body ?? '')
    // the body always arrives short of its Content-Length (an empty body has nothing to cut)
    const cut = Math.min(fault.bytes, Math.max(0, data.length - 1))
    socket.write(rawHead(response, [`Content-Length: ${data.length}`]))
    if (method !== 'HEAD' && cut > 0) socket.write(data.subarray(0, cut))
    return close(socket)
  }
  await truncateStream(socket, response, body, fault.bytes, method)
}

/** A chunked stream cut after `limit` bytes of its body: no terminating chunk is sent. */
async function truncateStream(socket: Duplex, response: SimResponse, body: ReadableStream<Uint8Array>, limit: number, method: string): Promise<void> {
  const reader = body.getReader()
  const gone = () => void reader.cancel().catch(() => {})
  socket.once('close', gone)
  try {
    socket.write(rawHead(response, ['Transfer-Encoding: chunked']))
    let sent = 0
    while (method !== 'HEAD' && sent < limit && !socket.destroyed) {
      const next = await reader.read()
      if (next.done) break
      const chunk = next.value.subarray(0, limit - sent)
      if (chunk.length === 0) continue
      socket.write(`${chunk.length.toString(16)}\r\n`)
      socket.write(chunk)
      socket.write('\r\n')
      sent += chunk.length
    }
  } catch {
    // the producer failed: the cut comes a little early
  } finally {
    socket.off('close', gone)
    await reader.cancel().catch(() => {})
    close(socket)
  }
}
