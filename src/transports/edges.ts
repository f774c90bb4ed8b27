/**
 * The edges of the standalone server that Express never sees or cannot parse: request targets that
 * are not a plain path (absolute-form, `*`, authority-form), the Host header (never trusted: the
 * server's own address names it), CONNECT, and refused WebSocket upgrades. Each gets the answer of
 * the API that owns the path, in its own format, through the shared dispatcher.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { isPromise } from '../http/pipeline.js'
import type { SimResponse } from '../http/respond.js'
import { breakConnection, rawHead } from './connection-faults.js'
import type { SimRequest } from '../http/sim-request.js'
import type { Answer } from './express.js'

/**
 * The server's own origin for a connection: the scheme, local address and port the client reached.
 * URLs paasim hands out (log session and log URLs) are built from it, never from the Host header.
 */
export function ownOrigin(socket: { localAddress?: string; localPort?: number; encrypted?: boolean } | null, secure = socket?.encrypted === true): string {
  let host = socket?.localAddress ?? '127.0.0.1'
  if (host.startsWith('::ffff:')) host = host.slice(7)
  if (host.includes(':')) host = `[${host}]`
  return `${secure ? 'https' : 'http'}://${host}:${socket?.localPort ?? 0}`
}

/** A path no route matches, for targets that name none (`*`, `host:port`, a broken absolute URL). */
const NO_PATH = '/*'

/** The path and query of a request target: origin-form as it is, absolute-form's path, anything else a path no route matches. */
export function targetPath(target: string): string {
  if (target.startsWith('/')) return target
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) {
    try {
      const url = new URL(target)
      return url.pathname + url.search
    } catch {
      return NO_PATH
    }
  }
  return NO_PATH
}

/** The pipeline's URL of a Node request: own origin + the target's path. */
export function requestUrl(req: IncomingMessage, secure?: boolean): string {
  const url = ownOrigin(req.socket as TLSSocket, secure) + targetPath(req.url ?? '/')
  // a target whose path the URL parser cannot take (it never can change the origin) matches nothing
  return URL.canParse(url) ? url : ownOrigin(req.socket as TLSSocket, secure) + NO_PATH
}

const NEVER = new AbortController().signal

/** A bodiless request outside Express (CONNECT, an upgrade) as the pipeline sees it. */
export function bareRequest(req: IncomingMessage, method = req.method ?? 'GET'): SimRequest {
  const raw = req.headers
  return {
    url: requestUrl(req),
    method,
    headers: {
      get(name: string): string | null {
        const value = raw[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    },
    signal: NEVER,
    arrayBuffer: async () => new ArrayBuffer(0),
  }
}

/** Writes a whole response to a raw socket and closes it (a stream body is cancelled: none is sent); a connection fault breaks it instead. */
export function writeRaw(socket: Duplex, response: SimResponse, method = 'GET'): void {
  if (response.connection) {
    void breakConnection(socket, response, method)
    return
  }
  const body = typeof response.body === 'string' ? response.body : ''
  if (response.body !== null && typeof response.body !== 'string') void response.body.cancel().catch(() => {})
  if (!socket.destroyed) socket.end(rawHead(response, [`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close']) + body)
}

/** Answers `req` on a raw socket through `answer` (CONNECT, refused upgrades); a failure still gets a response. */
export function answerRaw(answer: Answer, req: IncomingMessage, socket: Duplex, onError: (err: unknown) => void): void {
  socket.on('error', () => socket.destroy())
  const fallback = () => socket.destroyed || socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
  try {
    const response = answer(bareRequest(req))
    if (isPromise(response)) response.then((r) => writeRaw(socket, r, req.method), (err: unknown) => (onError(err), fallback()))
    else writeRaw(socket, response, req.method)
  } catch (err) {
    onError(err)
    fallback()
  }
}
