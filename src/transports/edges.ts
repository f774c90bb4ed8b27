/**
 * The edges of the standalone server that Express never sees or cannot parse: request targets that
 * are not a plain path (absolute-form, `*`, authority-form), the Host header (never trusted: the
 * server's own address names it), CONNECT, refused WebSocket upgrades, and requests Node's HTTP
 * parser refuses. Each gets the answer of the API that owns the path, in its own format, through
 * the shared dispatcher.
 */
import { maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http'
import { SimError } from '../core/errors.js'
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
  return targetUrl(req.socket as TLSSocket, req.url ?? '/', secure)
}

/**
 * Own origin + the path of `target`. It always parses: after a valid origin, the URL parser takes any
 * path beginning with `/` (it percent-encodes what a path cannot hold), and {@link targetPath} gives
 * nothing else. (A check per request cost more than the rest of the request's URL handling.)
 */
function targetUrl(socket: TLSSocket | null, target: string, secure?: boolean): string {
  return ownOrigin(socket, secure) + targetPath(target)
}

const NEVER = new AbortController().signal

/** Headers of a request the parser refused: none is trusted, so none is read. */
const NO_HEADERS = { get: () => null }

/** A request line as far as it can be read: method and target, or nothing. */
function requestLine(raw: Uint8Array | undefined): { method: string; target: string } | undefined {
  if (!raw) return undefined
  const text = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 8192)).toString('latin1')
  const match = /^([!-~]{1,32}) +([!-~]{1,4096})/.exec(text)
  return match ? { method: match[1], target: match[2] } : undefined
}

/** Status and message for a parser error code (the same statuses Node's own bare answers use). */
function refusal(err: ClientError): SimError {
  if (err.code === 'HPE_HEADER_OVERFLOW') return new SimError('bad_request', { status: 431 }, `the request headers are larger than ${maxHeaderSize / 1024} KiB`)
  if (err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new SimError('bad_request', { status: 413 }, 'the chunk extensions are too large')
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new SimError('bad_request', { status: 408 }, 'the request did not arrive in time')
  const reason = typeof err.reason === 'string' ? err.reason : 'the request could not be parsed'
  return new SimError('bad_request', {}, `malformed HTTP request: ${reason.slice(0, 200)}${err.code ? ` (${err.code})` : ''}`)
}

/** A `clientError` as Node raises it (llhttp's code and reason, and the bytes it failed on). */
export type ClientError = Error & { code?: string; reason?: unknown; rawPacket?: Uint8Array }

/** Answers requests the parser refused, in the owning API's format; see {@link answerClientError}. */
export type Refuse = (request: SimRequest, err: SimError) => SimResponse

/**
 * Answers a request Node's HTTP parser refused (bad request line or header bytes, header overflow,
 * bad chunked framing, HTTP/0.9, a request that timed out) in the format of the API that owns its
 * path — the raw request line's, or the in-flight request's when its body failed — instead of
 * Node's bare `400` without body or headers. Nothing is written once a response has begun (that
 * socket is closed, as Node does); the socket is ended after the answer.
 */
export function answerClientError(refuse: Refuse, err: ClientError, socket: Duplex, last: ServerResponse | undefined): void {
  const answered = ANSWERED.has(socket)
  ANSWERED.add(socket)
  // the socket's last request, while its body is still arriving, is the one whose framing failed
  const bodyOf = last && !last.req.complete ? last : undefined
  // a response already on its way is not cut into (its socket is closed, as Node does); a request
  // answered before its body broke (a GET ignores its body) is not answered twice
  if (answered || err.code === 'ECONNRESET' || !socket.writable || (last && !last.writableEnded && last.headersSent) || bodyOf?.writableEnded) {
    if (!answered && bodyOf?.writableEnded) endSoon(socket)
    else if (!answered) socket.destroy()
    return
  }
  const line = bodyOf ? { method: bodyOf.req.method ?? 'GET', target: bodyOf.req.url ?? '/' } : requestLine(err.rawPacket)
  const request: SimRequest = {
    url: targetUrl(socket as TLSSocket, line?.target ?? NO_PATH),
    method: line?.method ?? '-',
    headers: NO_HEADERS,
    signal: NEVER,
    arrayBuffer: async () => new ArrayBuffer(0),
  }
  writeRaw(socket, refuse(request, refusal(err)))
  endSoon(socket)
}

/** Ends the socket: the client reads what was written and closes; one that keeps it open is cut off after 2 s. */
function endSoon(socket: Duplex): void {
  socket.end()
  const linger = setTimeout(() => socket.destroy(), 2000)
  linger.unref()
  socket.once('close', () => clearTimeout(linger))
}

/** Sockets whose refused request was answered (the parser reports each further byte as another error). */
const ANSWERED = new WeakSet<Duplex>()

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
