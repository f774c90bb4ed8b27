/**
 * Responses as the pipeline builds them, and the builders the providers share. A {@link SimResponse}
 * is a plain status, header list and body (text or a byte stream): the standalone server writes it
 * straight to the socket, and msw gets a fetch `Response` from {@link toFetchResponse}. (A fetch
 * `Response` with its `Headers` costs more to build than the rest of a fast route.)
 */

import { STREAM_STOPPED } from '../core/errors.js'
import { utf8Length } from '../core/bytes.js'
import type { Clock } from '../core/clock.js'
import { applyStreamFault } from '../faults/stream-faults.js'
import type { ConnectionFault, StreamFault } from '../faults/types.js'

export { utf8Length }

const encoder = new TextEncoder()

/** Response headers: lower-case names, in the order they were first set. */
export class SimHeaders {
  #map = new Map<string, string>()

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase())
  }

  set(name: string, value: string): void {
    this.#map.set(name.toLowerCase(), value)
  }

  delete(name: string): void {
    this.#map.delete(name.toLowerCase())
  }

  /** Calls `fn(value, name)` for each header, as fetch `Headers` does. */
  forEach(fn: (value: string, name: string) => void): void {
    this.#map.forEach(fn)
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries()
  }
}

/**
 * What a stream producer yields: a chunk of text (as a string, or as its UTF-8 bytes, which the
 * producer hands over and no longer touches), or a batch of lines each meant as a chunk of its own
 * (a client such as the Akkeris CLI filters whole chunks, so a line must not share one).
 */
export type StreamChunk = string | string[] | Uint8Array

/** A streamed body's producer, read directly by the Node transport (no web stream, no encoding per chunk). */
export interface StreamSource {
  next(): Promise<IteratorResult<StreamChunk>>
  /** Stops the producer (the client went away). */
  cancel(): Promise<void>
}

/** Batches of more lines than this are a catch-up: sent as one chunk rather than a chunk a line. */
export const PER_LINE_MAX = 1024

/** A response of the simulated APIs. */
export class SimResponse {
  readonly headers = new SimHeaders()
  /** Header names go on the wire in Title-Case (Express style), as Akkeris sends them. */
  titleCase = false
  /** The producer of a streamed body, for transports that write it themselves. */
  source: StreamSource | undefined
  /**
   * Set on stream answers (live logs, tails, archives): applies a stream fault
   * rule's effect to the body before anything of it is read, returning the response to send.
   */
  withStreamFault: ((fault: StreamFault, clock: Clock) => SimResponse) | undefined
  /**
   * A fault rule's break of the connection, for the transport to carry out instead of writing this
   * answer whole (a reset, nothing, bytes that are not HTTP, or the body cut short).
   */
  connection: ConnectionFault | undefined

  constructor(
    readonly status: number,
    /** The whole body as text (its Content-Length is set), or a stream of bytes, or none. */
    readonly body: string | ReadableStream<Uint8Array> | null,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }
}

/**
 * The fetch `Response` a client reads (msw, `sim.fetch`). A connection fault becomes its nearest
 * fetch equivalent: `Response.error()` (a network error: fetch rejects) for a reset, an empty or a
 * malformed answer, and a body that fails after its first bytes for a truncated one.
 * @note A streamed body says `transfer-encoding: chunked`, as on the wire: msw 3 writes mocked
 * bodies to a Node response that otherwise ends them at the close of the connection, so a stream cut
 * by a `drop` or a `truncate` fault would read as a clean end; chunked, its missing last chunk is an error.
 */
export function toFetchResponse(response: SimResponse): Response {
  const fault = response.connection
  if (fault && fault.kind !== 'truncate') return Response.error()
  const body = typeof response.body === 'string' ? (response.body.length ? encoder.encode(response.body) : null) : response.body
  const headers = [...response.headers]
  if (body instanceof ReadableStream && !response.headers.has('content-length')) headers.push(['transfer-encoding', 'chunked'])
  if (fault?.kind === 'truncate' && body !== null) return new Response(cutShort(body, fault.bytes), { status: response.status, headers })
  return new Response(body, { status: response.status, headers })
}

/** The error a body cut short fails with: what Node's fetch (undici) reports for a connection closed mid-body. */
function terminated(): TypeError {
  return new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })
}

/**
 * A body that yields its first `limit` bytes and then fails, as a connection closed mid-body reads
 * (a whole body of n bytes yields at most n − 1: it always arrives short). The failure waits a
 * turn of the event loop, so a transport that writes the body to a socket (msw 3) flushes the head
 * and those bytes first.
 */
function cutShort(body: Uint8Array | ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let source: ReadableStreamDefaultReader<Uint8Array> | undefined
  let head: Uint8Array | undefined
  if (body instanceof Uint8Array) head = body.subarray(0, Math.min(limit, Math.max(0, body.length - 1)))
  else source = body.getReader()
  let sent = 0
  const fail = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    await source?.cancel().catch(() => {})
    await new Promise((resolve) => setTimeout(resolve, 0))
    controller.error(terminated())
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (head !== undefined) {
          const chunk = head
          head = undefined
          if (chunk.length > 0) return controller.enqueue(chunk)
          return fail(controller)
        }
        if (!source || sent >= limit) return fail(controller)
        const next = await source.read().catch(() => ({ done: true as const, value: undefined }))
        if (next.done) return fail(controller)
        const chunk = next.value.subarray(0, limit - sent)
        sent += chunk.length
        controller.enqueue(chunk)
      },
      cancel: () => source?.cancel(),
    },
    { highWaterMark: 0 },
  )
}

/** The content type of JSON answers. */
export const JSON_TYPE = 'application/json; charset=utf-8'

/** A JSON response with an exact Content-Length. */
export function json(body: unknown, init: { status?: number } = {}): SimResponse {
  return bytes(JSON.stringify(body), JSON_TYPE, init)
}

/** A text body with the given content type and an exact Content-Length. */
export function bytes(text: string, contentType: string | null, init: { status?: number } = {}): SimResponse {
  const response = new SimResponse(init.status ?? 200, text)
  if (contentType) response.headers.set('content-type', contentType)
  response.headers.set('content-length', String(utf8Length(text)))
  return response
}

/** An empty response. */
export function empty(status: number): SimResponse {
  return bytes('', null, { status })
}

/**
 * A chunked text stream. `produce` gets a signal that aborts when the request's signal aborts or
 * the client cancels the body (msw does not cancel mocked streams itself), so the producer's
 * clock waits end at once. A batch of lines becomes a chunk a line (joined when a catch-up).
 * `length`, when the whole body's size is known before it is written, goes in the head as its
 * Content-Length (the body still goes out a chunk at a time); a stream fault drops it.
 */
export function stream(
  produce: (signal: AbortSignal) => AsyncGenerator<StreamChunk>,
  requestSignal: AbortSignal,
  init: { status?: number; contentType?: string; expire?: () => void; length?: number } = {},
): SimResponse {
  const stop = new AbortController()
  const onAbort = () => stop.abort(STREAM_STOPPED)
  if (requestSignal.aborted) stop.abort(STREAM_STOPPED)
  else requestSignal.addEventListener('abort', onAbort, { once: true })
  let chunks: AsyncGenerator<StreamChunk> = produce(stop.signal)
  const finish = () => {
    requestSignal.removeEventListener('abort', onAbort)
    stop.abort(STREAM_STOPPED)
  }
  let primed = false
  const source: StreamSource = {
    async next() {
      try {
        const next = await chunks.next()
        if (next.done) finish()
        return next
      } catch (err) {
        finish()
        throw err
      }
    },
    async cancel() {
      finish()
      await chunks.return(undefined)
    },
  }
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // An empty first chunk lets a transport send the status and headers before the first line
        // (msw 3 writes mocked bodies to a Node response, which holds its head until a write).
        if (!primed) {
          primed = true
          controller.enqueue(new Uint8Array(0))
          return
        }
        try {
          let next = await source.next()
          // an empty batch (a producer woken by the clock, see writeSource's turns) enqueues nothing,
          // and a pull that enqueues nothing is not called again: ask for the next one
          while (!next.done && typeof next.value !== 'string' && next.value.length === 0) next = await source.next()
          if (next.done) controller.close()
          else if (typeof next.value === 'string') controller.enqueue(encoder.encode(next.value))
          else if (next.value instanceof Uint8Array) controller.enqueue(next.value)
          else if (next.value.length > PER_LINE_MAX) controller.enqueue(encoder.encode(next.value.join('\n') + '\n'))
          else for (const line of next.value) controller.enqueue(encoder.encode(line + '\n'))
        } catch (err) {
          controller.error(err)
        }
      },
      cancel: () => source.cancel(),
    },
    { highWaterMark: 0 },
  )
  const response = new SimResponse(init.status ?? 200, body)
  response.source = source
  response.withStreamFault = (fault, clock) => {
    if (primed) return response
    chunks = applyStreamFault(chunks, fault, { clock, signal: stop.signal, stop: () => stop.abort(STREAM_STOPPED), expire: init.expire })
    // a faulted body may end short or late: it goes chunked
    response.headers.delete('content-length')
    return response
  }
  response.headers.set('content-type', init.contentType ?? 'text/plain; charset=utf-8')
  response.headers.set('cache-control', 'no-cache')
  if (init.length !== undefined) response.headers.set('content-length', String(init.length))
  return response
}

/** Marks a response's header names for Title-Case on the wire (`RateLimit-Remaining`, `Content-Type`). */
export function useTitleCaseHeaders(response: SimResponse): SimResponse {
  response.titleCase = true
  return response
}

const SPECIAL: Record<string, string> = { 'ratelimit-remaining': 'RateLimit-Remaining', etag: 'ETag' }

/** Title-Case names already computed (a response writes the same few names every time). */
const titleCaseNames = new Map<string, string>()

/** The name to write for a header of this response (its headers hold names in lower case). */
export function wireHeaderName(response: SimResponse, name: string): string {
  if (!response.titleCase) return name
  let wire = titleCaseNames.get(name)
  if (wire === undefined) {
    wire = SPECIAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
    if (titleCaseNames.size < 256) titleCaseNames.set(name, wire)
  }
  return wire
}
