/**
 * The Express adapter: converts the Node request to a fetch `Request`, asks msw's public
 * `getResponse` over the simulation's handlers (so Express never routes our paths itself), and
 * pipes the answer back — buffered bodies gzipped when asked, streams flushed per chunk and
 * cancelled when the client goes away.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import express, { type Express, type Request as ExpressRequest, type Response as ExpressResponse } from 'express'
import { getResponse, type RequestHandler } from 'msw'
import { BODY_LIMIT } from '../http/body.js'

const GZIP_THRESHOLD = 1024

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

/** The fetch `Request` for a Node request, with a signal that aborts when the client leaves. */
export async function toFetchRequest(req: ExpressRequest, res: ExpressResponse, secure: boolean): Promise<Request> {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1])
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`
  const body = await readBody(req)
  if (body) headers.delete('transfer-encoding')
  return new Request(`${secure ? 'https' : 'http'}://${host}${req.originalUrl}`, {
    method: req.method,
    headers,
    body: body as BodyInit | undefined,
    signal: controller.signal,
  })
}

/** Writes a fetch `Response` to the Node response. */
export async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status)
  for (const [name, value] of response.headers) res.setHeader(name, value)
  const length = response.headers.get('content-length')
  if (length !== null || !response.body) {
    let data = Buffer.from(await response.arrayBuffer())
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    if (wantsGzip && data.length >= GZIP_THRESHOLD) {
      data = gzipSync(data)
      res.setHeader('content-encoding', 'gzip')
      res.setHeader('vary', 'Accept-Encoding')
    }
    res.setHeader('content-length', String(data.length))
    res.end(req.method === 'HEAD' ? undefined : data)
    return
  }
  res.removeHeader('content-length')
  res.flushHeaders()
  req.socket.setNoDelay(true)
  if (req.method === 'HEAD') {
    await response.body.cancel()
    res.end()
    return
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res).catch(() => {
    // the client went away: pipeline destroyed the source, which cancelled the stream
  })
}

/** An Express app answering every path from the given msw handlers. */
export function toExpress(handlers: RequestHandler[], options: { secure?: boolean } = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(async (req, res) => {
    try {
      const request = await toFetchRequest(req, res, options.secure ?? false)
      const response = await getResponse(handlers, request)
      if (!response) {
        res.status(404).setHeader('content-length', '0')
        res.end()
        return
      }
      await sendFetchResponse(req, res, response)
    } catch (err) {
      if (!res.headersSent) res.status(500).setHeader('content-type', 'text/plain').end('Internal Server Error')
      else res.destroy(err as Error)
    }
  })
  return app
}
