/**
 * The Express adapter: turns the Node request into the pipeline's request, answers it with the same
 * dispatcher the msw handlers use (one route table, one pipeline), and writes the answer back —
 * whole bodies at once (gzipped when asked), streams flushed per chunk and cancelled when the
 * client goes away. A route that answers synchronously is written in the same tick.
 * @note It calls the shared dispatcher rather than msw's `getResponse`: msw's matching costs
 * more per request than a whole bare Express request, and the standalone throughput target
 * could not be met through it. Both transports still meet in `dispatcher()`.
 */
import { STREAM_STOPPED } from '../core/errors.js'
import type { EventEmitter } from 'node:events'
import { gzipSync } from 'node:zlib'
import express, { type Express, type Request as ExpressRequest, type Response as ExpressResponse } from 'express'
import { BODY_LIMIT } from '../http/body.js'
import { PER_LINE_MAX, utf8Length, wireHeaderName, type SimResponse, type StreamChunk, type StreamSource } from '../http/respond.js'
import { breakConnection } from './connection-faults.js'
import { requestUrl } from './edges.js'
import { isPromise, type MaybePromise } from '../http/pipeline.js'
import type { SimRequest } from '../http/sim-request.js'
import { Turns } from './turns.js'
import { ARCHIVE_PATH, LIVE_PATH } from '../providers/digitalocean/log-urls.js'

const GZIP_THRESHOLD = 1024

/** Something that answers fetch requests (the shared dispatcher), synchronously when it can. */
export type Answer = (request: SimRequest) => MaybePromise<SimResponse>

const hasNoBody = (req: ExpressRequest) => req.method === 'GET' || req.method === 'HEAD'

/** Reads at most `BODY_LIMIT + 1` bytes: enough for the pipeline to refuse an oversized body. */
async function readBody(req: ExpressRequest): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk)
    size += chunk.length
    if (size > BODY_LIMIT) break
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/** A Node request seen as a {@link SimRequest}; its signal is made on demand and aborts when the client leaves. */
class NodeRequest implements SimRequest {
  readonly url: string
  readonly method: string
  readonly headers: { get(name: string): string | null }
  readonly receivedAt = performance.now()
  #controller: AbortController | undefined

  constructor(
    req: ExpressRequest,
    private readonly res: ExpressResponse,
    url: string,
    private readonly body: Uint8Array | undefined,
  ) {
    this.url = url
    this.method = req.method
    const raw = req.headers
    this.headers = {
      get(name: string): string | null {
        const value = raw[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    }
  }

  /** Made when first asked for (most routes never ask): aborted once the response closes unfinished. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController())
      const res = this.res
      if (res.closed) {
        if (!res.writableFinished) controller.abort(STREAM_STOPPED)
      } else res.once('close', () => res.writableFinished || controller.abort(STREAM_STOPPED))
    }
    return this.#controller.signal
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.body ?? new Uint8Array(0)
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer
  }
}

/** The pipeline's view of a Node request (a body is read first, up to the size limit; GET and HEAD have none). */
export function toSimRequest(req: ExpressRequest, res: ExpressResponse, secure: boolean): MaybePromise<SimRequest> {
  // the server's own origin, never the Host header: routing and handed-out URLs cannot be steered
  // (taken before the body is read: reading stops early on an oversized body, which ends the socket)
  const url = requestUrl(req, secure)
  if (hasNoBody(req)) return new NodeRequest(req, res, url, undefined)
  return readBody(req).then((body) => new NodeRequest(req, res, url, body))
}

/**
 * Writes a response to the Node response: a whole body at once (synchronously, gzipped when
 * asked), a stream piped per chunk until it ends or the client goes away.
 */
export function sendResponse(req: ExpressRequest, res: ExpressResponse, response: SimResponse, turns: Turns): MaybePromise<void> {
  if (response.connection) return breakConnection(req.socket, response, req.method)
  const body = response.body
  if (body === null || typeof body === 'string') return sendBytes(req, res, response, body ?? '')
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(wireHeaderName(response, name), value))
  return response.source ? writeSource(req, res, response.source, turns) : pipeStream(req, res, body, turns)
}

/** Ends the response with its whole body, gzipped when asked and worth it; header names as the response writes them. */
function sendBytes(req: ExpressRequest, res: ExpressResponse, response: SimResponse, text: string): void {
  const headers = response.headers
  let body: string | Uint8Array = text
  const size = Number(headers.get('content-length') ?? utf8Length(text))
  if (size >= GZIP_THRESHOLD && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = gzipSync(text)
    headers.set('content-encoding', 'gzip')
    headers.set('vary', 'Accept-Encoding')
    headers.set('content-length', String(body.byteLength))
  } else if (!headers.has('content-length')) headers.set('content-length', String(size))
  // one flat list: writeHead writes the header block at once instead of a setHeader per name
  const flat: string[] = []
  headers.forEach((value, name) => flat.push(wireHeaderName(response, name), value))
  res.writeHead(response.status, flat)
  res.end(req.method === 'HEAD' ? undefined : body)
}

/**
 * Writes each chunk of `body` as it comes, each in a turn of the event loop of its own, and cancels
 * the stream when the client goes away. A chunk is a unit to clients: the official Akkeris CLI
 * filters and prints whole reads, so a log line must not share a read with the next one — and
 * writes made in one turn share a TLS record on Node 22 (seen here: a catch-up of lines arrived
 * cut mid-line at a record boundary).
 */
async function pipeStream(req: ExpressRequest, res: ExpressResponse, body: ReadableStream<Uint8Array>, turns: Turns): Promise<void> {
  res.removeHeader('content-length')
  res.flushHeaders()
  req.socket.setNoDelay(true)
  const reader = body.getReader()
  if (req.method === 'HEAD') {
    await reader.cancel()
    res.end()
    return
  }
  const gone = () => void reader.cancel().catch(() => {})
  res.once('close', gone)
  try {
    for (;;) {
      await turns.next()
      const next = await reader.read()
      if (next.done || res.destroyed) break
      if (!res.write(next.value)) await drained(res)
    }
    if (!res.destroyed) res.end()
  } catch {
    res.destroy() // the stream failed: the client sees an incomplete chunked body, not a clean end
  } finally {
    res.off('close', gone)
  }
}

/**
 * Bytes of line chunks written together in one turn: one socket write (one TLS record, which holds
 * 16 KiB) carries many chunks, each still a chunk of its own, instead of a write a line.
 */
const TURN_BYTES = 12 * 1024

/**
 * Writes a producer's chunks straight to the response: a text chunk as it is, a batch of lines a
 * chunk a line, corked in groups of up to {@link TURN_BYTES} (a catch-up batch joined), and every
 * write ends this stream's turn of the event loop so a busy stream never starves the others.
 * The first chunk (a backlog) is written in the request's own turn, with the head when it is ready
 * at once: a stream opened under load shows its first lines without waiting behind every other
 * stream's turn, and in one socket write instead of two.
 */
async function writeSource(req: ExpressRequest, res: ExpressResponse, source: StreamSource, turns: Turns): Promise<void> {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true
  req.socket.setNoDelay(true)
  if (req.method === 'HEAD') {
    res.flushHeaders()
    await source.cancel()
    res.end()
    return
  }
  const gone = () => void source.cancel().catch(() => {})
  res.once('close', gone)
  /** Writes one group, waiting for the socket to drain if it has to. */
  const send = async (write: () => boolean) => {
    if (!write()) await drained(res)
  }
  // An async function keeps what it has in scope while it waits: the chunk written is dropped
  // before the next turn, so a held stream does not keep its last batch of lines.
  let next: IteratorResult<StreamChunk> | undefined
  let first: Promise<IteratorResult<StreamChunk>> | undefined = source.next()
  try {
    // a producer that has nothing yet (a tail with no backlog waits for its first line): the head goes alone
    if (!(await settlesAtOnce(first))) res.flushHeaders()
    for (;;) {
      next = undefined
      if (first) next = await first
      else {
        await turns.next()
        next = await source.next()
      }
      first = undefined
      if (next.done || res.destroyed) break
      const written = writeChunk(next.value)
      next = undefined
      await written
    }
    if (!res.destroyed) res.end()
  } catch {
    res.destroy() // the stream failed: the client sees an incomplete chunked body, not a clean end
  } finally {
    res.off('close', gone)
  }

  /** Writes one chunk of the producer's: text (or its bytes) as it is, a batch of lines a chunk a line. */
  async function writeChunk(chunk: StreamChunk): Promise<void> {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) await send(() => res.write(chunk))
    else if (chunk.length > PER_LINE_MAX) await send(() => res.write(chunk.join('\n') + '\n'))
    else if (secure) {
      // Over TLS, writes made in one event-loop turn share a record (Node 22 and later), and a
      // client reading `data` events (the Akkeris CLI's -d/-s filters test each one as a line) then
      // gets many lines at once: a line a turn.
      for (let i = 0; i < chunk.length && !res.destroyed; i++) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve))
        await send(() => res.write(chunk[i] + '\n'))
      }
    } else {
      for (let i = 0; i < chunk.length && !res.destroyed; ) {
        if (i > 0) await turns.next()
        const from = i
        let bytes = 0
        while (i < chunk.length && (i === from || bytes + chunk[i].length < TURN_BYTES)) bytes += chunk[i++].length + 1
        const socket = res.socket
        if (socket && !res.destroyed && (res as { chunkedEncoding?: boolean }).chunkedEncoding === true) {
          // the response owns the socket (a pipelined one has none yet) and its head is out: the
          // group goes out framed here, the same bytes as a write a line, in one socket write
          // without a chunk of bookkeeping a line
          if (!socket.write(chunkFrames(chunk, from, i))) await drained(socket)
        } else {
          await send(() => {
            res.cork()
            let ok = true
            for (let j = from; j < i; j++) ok = res.write(chunk[j] + '\n')
            res.uncork()
            return ok
          })
        }
      }
    }
  }
}

/** Whether `promise` settles before the event loop's next iteration (it was ready at once). */
function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setImmediate(resolve, false)
    const settled = () => {
      clearImmediate(timer)
      resolve(true)
    }
    promise.then(settled, settled)
  })
}

/** Lines `from` to `to` as HTTP/1.1 chunks, a chunk a line with its newline, as `res.write(line + '\n')` frames them. */
function chunkFrames(lines: string[], from: number, to: number): string {
  let out = ''
  for (let j = from; j < to; j++) out += `${(utf8Length(lines[j]) + 1).toString(16)}\r\n${lines[j]}\n\r\n`
  return out
}

/** Resolves when the response (or socket) can take more, or has closed. */
export function drained(res: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done)
      resolve()
    }
    res.once('drain', done).once('close', done)
  })
}

/**
 * Paths of requests that open log streams or make what they read (Akkeris log sessions, DigitalOcean
 * logs URLs, live logs and archives): under a burst of connections they wait for the stream turns
 * (see {@link Turns.admit}), while the plain requests among them are answered first.
 */
const STREAM_OPENING = new RegExp(`/log-sessions\\b|/logs(?:[/?]|$)|^(?:${LIVE_PATH}|${ARCHIVE_PATH})\\b`)

/** Whether a request target opens a log stream (see {@link STREAM_OPENING}). */
export const opensStream = (target: string | undefined): boolean => STREAM_OPENING.test(target ?? '')

/** An Express app answering every path through `answer`. */
export function toExpress(answer: Answer, options: { secure?: boolean; turns?: Turns } = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  const secure = options.secure ?? false
  const turns = options.turns ?? new Turns()
  // a burst of requests is answered over several loop iterations (see Turns.admit)
  app.use((req, res) => turns.admit(() => answerOne(req, res), opensStream(req.url)))
  const answerOne = (req: ExpressRequest, res: ExpressResponse) => {
    if (req.socket.destroyed) return // it waited for a later loop iteration, and its client has gone
    const failed = (err: unknown) => {
      if (!res.headersSent) res.status(500).setHeader('content-type', 'text/plain').end('Internal Server Error')
      else res.destroy(err as Error)
    }
    // each step continues synchronously when the one before answered synchronously
    const send = (response: SimResponse) => sendResponse(req, res, response, turns)
    const ask = (request: SimRequest) => {
      const answered = answer(request)
      return isPromise(answered) ? answered.then(send) : send(answered)
    }
    try {
      const request = toSimRequest(req, res, secure)
      const done = isPromise(request) ? request.then(ask) : ask(request)
      if (done) done.catch(failed)
    } catch (err) {
      failed(err)
    }
  }
  return app
}
