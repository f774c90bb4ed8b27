/**
 * The part of a fetch `Request` the pipeline reads. msw hands the pipeline real `Request`s; the
 * standalone server builds a cheaper object straight from Node's parsed request (a fetch
 * `Request` costs an AbortSignal and a header list per request, a large share of a fast route).
 */
export interface SimRequest {
  readonly url: string
  readonly method: string
  readonly headers: { get(name: string): string | null }
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal
  arrayBuffer(): Promise<ArrayBuffer>
  /** `performance.now()` when the standalone server received it (for the request log's durations). */
  readonly receivedAt?: number
}
