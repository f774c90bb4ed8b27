/**
 * A log tailer written the way paasim's users write one: it follows a stream, notices a stall with
 * its own timeout, reconnects with backoff after a cut, and asks the API for a new session when the
 * old one is refused. Its timers run on an injected `sleep` (the simulation clock in tests), so a
 * test drives it with `sim.clock.advance` and never waits on real time.
 */
import WsSocket from 'ws'

/** How one connection ended. */
export type Ending =
  | { how: 'end' }
  | { how: 'error'; message: string }
  | { how: 'refused'; status: number; body: string }
  | { how: 'closed'; code: number }
  | { how: 'stalled' }

/** One connection the tailer made, and what it read. */
export interface Connection {
  url: string
  lines: string[]
  ending?: Ending
}

/** How the tailer reaches a stream. */
export interface TailTransport {
  /** Asks the API for a new stream URL (an Akkeris log session's `logplex_url`, a DigitalOcean `live_url`). */
  session(): Promise<string>
  /** Opens `url`, calls `onLine` for each line, and resolves with how it ended (never rejects). */
  open(url: string, onLine: (line: string) => void, signal: AbortSignal): Promise<Ending>
}

/** The tailer's timers and patience. */
export interface TailerOptions {
  /** Resolves after `ms` (false if the signal aborted first): the simulation clock in tests. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>
  /** No line for this long: the stream is stalled, hang up and reconnect. */
  stallTimeoutMs: number
  /** Waits before reconnecting after a cut, one per consecutive failure (the last one repeats). */
  backoffMs: number[]
  /** Stop after this many connections. */
  maxConnections: number
}

/** Follows a log stream across cuts, stalls and expired sessions; `connections` is its transcript. */
export class Tailer {
  readonly connections: Connection[] = []
  readonly #stop = new AbortController()
  #done: Promise<void> | undefined

  constructor(
    private readonly transport: TailTransport,
    private readonly options: TailerOptions,
  ) {}

  /** Every line read, in order, across connections. */
  get lines(): string[] {
    return this.connections.flatMap((c) => c.lines)
  }

  /** Starts following (once). */
  start(): this {
    this.#done ??= this.#run()
    return this
  }

  /** Stops following and waits until the tailer has let go of its connection and timers. */
  async stop(): Promise<void> {
    this.#stop.abort()
    await this.#done
  }

  async #run(): Promise<void> {
    const { sleep, stallTimeoutMs, backoffMs, maxConnections } = this.options
    const stop = this.#stop.signal
    let url = await this.transport.session()
    let failures = 0
    while (!stop.aborted && this.connections.length < maxConnections) {
      const connection: Connection = { url, lines: [] }
      this.connections.push(connection)
      const hangUp = new AbortController()
      const leave = () => hangUp.abort()
      stop.addEventListener('abort', leave, { once: true })
      // the stall watchdog: restarted by every line, it hangs up when none comes in time
      let stalled = false
      let watchdog = new AbortController()
      const arm = () => {
        watchdog.abort()
        const mine = (watchdog = new AbortController())
        void sleep(stallTimeoutMs, mine.signal).then((fired) => {
          if (fired && !hangUp.signal.aborted) (stalled = true), hangUp.abort()
        })
      }
      arm()
      const ending = await this.transport.open(url, (line) => (connection.lines.push(line), arm()), hangUp.signal)
      watchdog.abort()
      stop.removeEventListener('abort', leave)
      connection.ending = stalled ? { how: 'stalled' } : ending
      if (stop.aborted) return
      if (connection.ending.how === 'refused') {
        url = await this.transport.session() // the session is gone: open a new one
        continue
      }
      if (connection.ending.how === 'end') failures = 0
      else if (!(await sleep(backoffMs[Math.min(failures++, backoffMs.length - 1)], stop))) return
    }
  }
}

/** Reads a chunked text body line by line; an abort or a cut is reported as the ending. */
export function httpLines(fetcher: (url: string, init: RequestInit) => Promise<Response>): TailTransport['open'] {
  return async (url, onLine, signal) => {
    let res: Response
    try {
      res = await fetcher(url, { signal })
    } catch (err) {
      return { how: 'error', message: String((err as Error).message) }
    }
    if (!res.ok) return { how: 'refused', status: res.status, body: await res.text() }
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffered = ''
    try {
      for (;;) {
        const next = await reader.read()
        if (next.done) return { how: 'end' }
        buffered += decoder.decode(next.value, { stream: true })
        const lines = buffered.split('\n')
        buffered = lines.pop()!
        for (const line of lines) onLine(line)
      }
    } catch (err) {
      return { how: 'error', message: String((err as Error).message) }
    } finally {
      void reader.cancel().catch(() => {})
    }
  }
}

/** Reads `{"data"}` frames from a live-logs WebSocket (the `ws` package, as a Node client would). */
export const wsLines: TailTransport['open'] = (url, onLine, signal) =>
  new Promise((resolve) => {
    const socket = new WsSocket(url.replace(/^http/, 'ws'))
    socket.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk))
      res.on('end', () => resolve({ how: 'refused', status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve({ how: 'refused', status: res.statusCode ?? 0, body }))
    })
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { data: string }
      onLine(frame.data.replace(/\n$/, ''))
    })
    socket.on('error', () => {}) // a refused or cut socket also reports its close
    socket.on('close', (code) => resolve(code === 1000 ? { how: 'end' } : { how: 'closed', code }))
    const leave = () => socket.terminate()
    signal.addEventListener('abort', leave, { once: true })
    socket.on('close', () => signal.removeEventListener('abort', leave))
  })

/** The tailer's `sleep` on a simulation clock: `advance` fires its timeouts and backoffs. */
export function clockSleep(clock: { now(): number; sleepUntil(at: number, signal?: AbortSignal): Promise<boolean> }): TailerOptions['sleep'] {
  return (ms, signal) => clock.sleepUntil(clock.now() + ms, signal)
}

/**
 * Reads `{"data"}` frames through the runtime's own `WebSocket` (browsers, Node 22+), which msw
 * intercepts in-process. msw refuses a live URL with close code 4403, read here as a 403.
 */
export const webSocketLines: TailTransport['open'] = (url, onLine, signal) =>
  new Promise((resolve) => {
    const socket = new globalThis.WebSocket(url.replace(/^http/, 'ws'))
    socket.addEventListener('message', (event) => onLine((JSON.parse(String(event.data)) as { data: string }).data.replace(/\n$/, '')))
    socket.addEventListener('close', (event) => {
      signal.removeEventListener('abort', leave)
      resolve(event.code === 1000 ? { how: 'end' } : event.code === 4403 ? { how: 'refused', status: 403, body: event.reason } : { how: 'closed', code: event.code })
    })
    const leave = () => socket.close()
    signal.addEventListener('abort', leave, { once: true })
  })
