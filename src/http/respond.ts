/** Response builders shared by the providers. */

const encoder = new TextEncoder()

/**
 * Bodies of the buffered responses built here. Those responses are created without a body stream
 * (building a ReadableStream per response is a large share of a request's cost on Node 20): the
 * standalone server writes the bytes directly, and msw gets a full copy from {@link materialize}.
 */
const buffered = new WeakMap<Response, Uint8Array<ArrayBuffer>>()

/** The bytes of a buffered response built by these helpers, if it is one. */
export function bufferedBody(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return buffered.get(response)
}

/** A response whose body a fetch client can read (buffered responses get their bytes attached). */
export function materialize(response: Response): Response {
  const data = buffered.get(response)
  if (data === undefined) return response
  return new Response(data.byteLength ? (data as Uint8Array<ArrayBuffer>) : null, { status: response.status, statusText: response.statusText, headers: response.headers })
}

/** A JSON response with an exact Content-Length. */
export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  return bytes(JSON.stringify(body), 'application/json; charset=utf-8', init)
}

/** A text body with the given content type and an exact Content-Length. */
export function bytes(text: string, contentType: string | null, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const data = encoder.encode(text)
  const headers = new Headers(init.headers)
  if (contentType && !headers.has('content-type')) headers.set('content-type', contentType)
  headers.set('content-length', String(data.byteLength))
  const response = new Response(null, { status: init.status ?? 200, headers })
  buffered.set(response, data)
  return response
}

/** An empty response. */
export function empty(status: number, headers?: HeadersInit): Response {
  const h = new Headers(headers)
  h.set('content-length', '0')
  const response = new Response(null, { status, headers: h })
  buffered.set(response, new Uint8Array(0))
  return response
}

/**
 * A chunked text stream. `produce` gets a signal that aborts when the request's signal aborts or
 * the client cancels the body (msw does not cancel mocked streams itself), so the producer's
 * clock waits end at once.
 */
export function stream(
  produce: (signal: AbortSignal) => AsyncGenerator<string>,
  requestSignal: AbortSignal,
  init: { status?: number; headers?: HeadersInit; contentType?: string } = {},
): Response {
  const headers = new Headers(init.headers)
  headers.set('content-type', init.contentType ?? 'text/plain; charset=utf-8')
  headers.set('cache-control', 'no-cache')
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  if (requestSignal.aborted) stop.abort()
  else requestSignal.addEventListener('abort', onAbort, { once: true })
  const chunks = produce(stop.signal)
  const finish = () => {
    requestSignal.removeEventListener('abort', onAbort)
    stop.abort()
  }
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next()
          if (next.done) {
            finish()
            controller.close()
          } else controller.enqueue(encoder.encode(next.value))
        } catch (err) {
          finish()
          controller.error(err)
        }
      },
      async cancel() {
        finish()
        await chunks.return(undefined)
      },
    },
    { highWaterMark: 0 },
  )
  return new Response(body, { status: init.status ?? 200, headers })
}

/** Responses whose header names go on the wire in Title-Case (Express style), as Akkeris sends them. */
const titleCased = new WeakSet<Response>()

/** Marks a response's header names for Title-Case on the wire (`RateLimit-Remaining`, `Content-Type`). */
export function useTitleCaseHeaders(response: Response): Response {
  titleCased.add(response)
  return response
}

const SPECIAL: Record<string, string> = { 'ratelimit-remaining': 'RateLimit-Remaining', etag: 'ETag' }

/** The name to write for a header of this response (fetch Headers hold names in lower case). */
export function wireHeaderName(response: Response, name: string): string {
  if (!titleCased.has(response)) return name
  return SPECIAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
}
