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
import { gzipSync } from 'node:zlib'
import type { RequestListener } from 'node:http'
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from 'express'
import { BODY_LIMIT } from '../http/body.js'
import { utf8Length, wireHeaderName, type SimResponse } from '../http/respond.js'
import { breakConnection } from './connection-faults.js'
import { requestUrl } from './edges.js'
import { isPromise, type MaybePromise } from '../http/pipeline.js'
import type { SimRequest } from '../http/sim-request.js'
import { Turns, type RequestKind } from './turns.js'
import { logStreamPath } from '../providers/akkeris/serializers.js'
import { pipeStream, writeSource } from './stream-writer.js'
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
 * asked), a stream piped per chunk until it ends or the client goes away (`started` is called
 * once a producer's first chunk is out).
 */
export function sendResponse(req: ExpressRequest, res: ExpressResponse, response: SimResponse, turns: Turns, started?: () => void): MaybePromise<void> {
  if (response.connection) return breakConnection(req.socket, response, req.method)
  const body = response.body
  if (body === null || typeof body === 'string') return sendBytes(req, res, response, body ?? '')
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(wireHeaderName(response, name), value))
  return response.source ? writeSource(req, res, response.source, turns, started) : pipeStream(req, res, body, turns)
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
 * Paths of requests that open log streams whose sessions exist: an Akkeris log session's stream, a
 * DigitalOcean live log or archive. Under a burst of connections they wait for the stream turns (see
 * {@link Turns.admit}), while the plain requests among them are answered first.
 */
const STREAM_OPENING = new RegExp(`^(?:${logStreamPath('')}|${LIVE_PATH}|${ARCHIVE_PATH})`)
/** Paths of requests that make what a stream is later read from (Akkeris log sessions, DigitalOcean logs URLs): they wait for the openings. */
const STREAM_MAKING = /\/log-sessions(?:[/?]|$)|\/logs(?:[/?]|$)/

/** What a request does, for its admission (see {@link RequestKind}). */
export function requestKind(target: string | undefined): RequestKind {
  if (target === undefined) return 'plain'
  return STREAM_OPENING.test(target) ? 'opens' : STREAM_MAKING.test(target) ? 'makes' : 'plain'
}

/** The request listener of an Express app answering every path through `answer`, admitted by `turns`. */
export function toExpress(answer: Answer, options: { secure?: boolean; turns?: Turns } = {}): RequestListener {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  const secure = options.secure ?? false
  const turns = options.turns ?? new Turns()
  /** The answer under way of the request Express took up last (it hands each on synchronously). */
  let underWay: Promise<void> | undefined
  app.use((req, res) => void (underWay = answerOne(req, res)))
  /** Answers one request; the promise (when it did not answer synchronously) settles once the response is under way. */
  const answerOne = (req: ExpressRequest, res: ExpressResponse): Promise<void> | undefined => {
    if (req.socket.destroyed) return // it waited for a later loop iteration, and its client has gone
    const failed = (err: unknown) => {
      if (!res.headersSent) res.status(500).setHeader('content-type', 'text/plain').end('Internal Server Error')
      else res.destroy(err as Error)
    }
    // each step continues synchronously when the one before answered synchronously; a stream goes
    // on by itself once its first chunk is out
    const send = (response: SimResponse): Promise<void> | undefined => {
      let started: (() => void) | undefined
      const firstChunkOut = response.source ? new Promise<void>((resolve) => (started = resolve)) : undefined
      const streaming = sendResponse(req, res, response, turns, started)
      if (streaming) streaming.catch(failed)
      return firstChunkOut
    }
    const ask = (request: SimRequest) => {
      const answered = answer(request)
      return isPromise(answered) ? answered.then(send) : send(answered)
    }
    try {
      const request = toSimRequest(req, res, secure)
      return (isPromise(request) ? request.then(ask) : ask(request))?.catch(failed)
    } catch (err) {
      failed(err)
    }
  }
  // a burst of requests is answered over several loop iterations (see Turns.admit), admitted before
  // Express takes them up: a request that waits costs nothing until its turn, and a round of them
  // goes on from one to the next as each answer gets under way
  return (req, res) =>
    turns.admit(() => {
      underWay = undefined
      app(req, res)
      return underWay
    }, requestKind(req.url))
}
