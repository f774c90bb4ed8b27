/**
 * The Express adapter: turns the Node request into the pipeline's request, answers it with the same
 * dispatcher the msw handlers use (one route table, one pipeline), and pipes the answer back —
 * buffered bodies gzipped when asked, streams flushed per chunk and cancelled when the client goes
 * away.
 * @note It calls the shared dispatcher rather than msw's `getResponse`: msw's matching costs
 * ~100–150 µs per request, more than a whole bare Express request, and the standalone throughput
 * target could not be met through it. Both transports still meet in `dispatcher()`.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import express, { type Express, type Request as ExpressRequest, type Response as ExpressResponse } from 'express'
import { BODY_LIMIT } from '../http/body.js'
import { bufferedBody, wireHeaderName } from '../http/respond.js'
import type { SimRequest } from '../http/sim-request.js'

const GZIP_THRESHOLD = 1024

/** Something that answers fetch requests (the shared dispatcher). */
export type Answer = (request: SimRequest) => Promise<Response>

/** Reads at most `BODY_LIMIT + 1` bytes: enough for the pipeline to refuse an oversized body. */
async function readBody(req: ExpressRequest): Promise<Uint8Array | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined
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
  #controller: AbortController | undefined
  #gone = false

  constructor(
    req: ExpressRequest,
    res: ExpressResponse,
    secure: boolean,
    private readonly body: Uint8Array | undefined,
  ) {
    const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`
    this.url = `${secure ? 'https' : 'http'}://${host}${req.originalUrl}`
    this.method = req.method
    const raw = req.headers
    this.headers = {
      get(name: string): string | null {
        const value = raw[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    }
    res.once('close', () => {
      this.#gone = !res.writableFinished
      if (this.#gone) this.#controller?.abort()
    })
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController()
      if (this.#gone) this.#controller.abort()
    }
    return this.#controller.signal
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.body ?? new Uint8Array(0)
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer
  }
}

/** The pipeline's view of a Node request (the body is read first, up to the size limit). */
export async function toSimRequest(req: ExpressRequest, res: ExpressResponse, secure: boolean): Promise<SimRequest> {
  return new NodeRequest(req, res, secure, await readBody(req))
}

/** Writes a fetch `Response` to the Node response. */
export async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(wireHeaderName(response, name), value))
  let data: Uint8Array | undefined = bufferedBody(response)
  if (data === undefined && (response.headers.has('content-length') || !response.body)) data = new Uint8Array(await response.arrayBuffer())
  if (data !== undefined) {
    const wantsGzip = data.byteLength >= GZIP_THRESHOLD && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    if (wantsGzip) {
      data = gzipSync(data)
      res.setHeader('content-encoding', 'gzip')
      res.setHeader('vary', 'Accept-Encoding')
    }
    res.setHeader('content-length', String(data.byteLength))
    res.end(req.method === 'HEAD' ? undefined : data)
    return
  }
  res.removeHeader('content-length')
  res.flushHeaders()
  req.socket.setNoDelay(true)
  if (req.method === 'HEAD') {
    await response.body!.cancel()
    res.end()
    return
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res).catch(() => {
    // the client went away: pipeline destroyed the source, which cancelled the stream
  })
}

/** An Express app answering every path through `answer`. */
export function toExpress(answer: Answer, options: { secure?: boolean } = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(async (req, res) => {
    try {
      await sendFetchResponse(req, res, await answer(await toSimRequest(req, res, options.secure ?? false)))
    } catch (err) {
      if (!res.headersSent) res.status(500).setHeader('content-type', 'text/plain').end('Internal Server Error')
      else res.destroy(err as Error)
    }
  })
  return app
}
