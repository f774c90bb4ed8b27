/**
 * Delivery of Akkeris log drains on the simulation clock. Each drain has a pump that walks the
 * seconds from its creation, turns its app's (or site's) lines into syslog messages and hands
 * them to the sender of its URL; senders push back (a pump waits while its sender has no room),
 * so nothing queues without bound: a pump that waits simply regenerates its lines later, as they
 * are pure functions of the second. HTTP(S) drains post logplex batches with `fetch` (so an msw
 * handler or a test server can receive them); syslog schemes need a sender factory registered by
 * the Node-only `drain-syslog` module (the standalone server registers it).
 * @see ../../../shared/reference/akkeris.md#how-drained-lines-are-delivered-logshuttle
 */
import { textToBase64 } from '../core/bytes.js'
import type { Clock } from '../core/clock.js'
import { nextTurn } from '../core/timers.js'
import { logplexBody, syslogMessage } from '../providers/akkeris/drain-format.js'
import { allDrains } from '../providers/akkeris/drains.js'
import { appLineSource, siteLineSource } from '../providers/akkeris/line-sources.js'
import type { Simulation } from '../sim.js'
import type { LogDrainRecord } from '../state/akkeris.js'

/** Where one drain URL's messages go. */
export interface DrainSender {
  /** Takes one message; resolves once the sender has room for the next. */
  send(message: string): Promise<void>
  /** Stops at once: what waits is dropped, connections close, waits end. */
  close(): void
  /** What it did so far. */
  readonly stats: DrainStats
}

/** Counters of one drain URL. */
export interface DrainStats {
  /** Messages the receiver accepted (HTTP 2xx/3xx; syslog: written). */
  delivered: number
  /** Messages lost: HTTP batches that failed are dropped, as logshuttle drops them. */
  dropped: number
  /** Requests or connection attempts that failed. */
  failures: number
}

/** What a sender factory gets. */
export interface SenderContext {
  /** Id of the first drain that opened this URL (HTTP's `Logplex-Drain-Token`). */
  drainId: string
  clock: Clock
  signal: AbortSignal
}

/** Makes the sender of a URL, or `undefined` when this factory does not deliver to it. */
export type SenderFactory = (url: URL, context: SenderContext) => DrainSender | undefined

/** Lines between two yields to the event loop. */
const YIELD_EVERY = 512

/** Drain delivery of one simulation. */
export class DrainDelivery {
  #factories: SenderFactory[] = [logplexSender]
  #senders = new Map<string, { sender: DrainSender; abort: AbortController; drains: Set<string> }>()
  #pumps = new Map<string, AbortController>()

  constructor(private readonly sim: Simulation) {}

  /** Adds a way to deliver (the Node-only syslog senders); drains already created start using it. */
  use(factory: SenderFactory): void {
    this.#factories.unshift(factory)
    this.sync()
  }

  /** Counters per drain URL that is being delivered to. */
  stats(): Record<string, DrainStats> {
    return Object.fromEntries([...this.#senders].map(([url, s]) => [url, { ...s.sender.stats }]))
  }

  /** Starts pumps for new drains and stops those of removed ones (and senders nobody uses). */
  sync(): void {
    const drains = this.sim.isReady ? allDrains(this.sim.backends.akkeris) : []
    const live = new Set(drains.map((d) => d.id))
    for (const [id, pump] of this.#pumps) if (!live.has(id)) this.#stopPump(id, pump)
    for (const drain of drains) if (!this.#pumps.has(drain.id)) this.#startPump(drain)
  }

  /** Stops every pump and sender at once (reset, dispose). */
  stopAll(): void {
    for (const [id, pump] of this.#pumps) this.#stopPump(id, pump)
  }

  #stopPump(id: string, pump: AbortController): void {
    pump.abort()
    this.#pumps.delete(id)
    for (const [url, s] of this.#senders) {
      s.drains.delete(id)
      if (s.drains.size === 0) {
        s.abort.abort()
        s.sender.close()
        this.#senders.delete(url)
      }
    }
  }

  #startPump(drain: LogDrainRecord): void {
    const sender = this.#senderFor(drain)
    if (!sender) return // a URL nothing delivers to is stored and never used, as logshuttle does
    const pump = new AbortController()
    this.#pumps.set(drain.id, pump)
    void this.#pump(drain, sender, pump.signal).catch((err) => {
      if (!pump.signal.aborted) this.sim.onError(err)
    })
  }

  #senderFor(drain: LogDrainRecord): DrainSender | undefined {
    let url: URL
    try {
      url = new URL(drain.url.trim())
    } catch {
      return undefined
    }
    const key = url.href
    const known = this.#senders.get(key)
    if (known) {
      known.drains.add(drain.id)
      return known.sender
    }
    const abort = new AbortController()
    for (const factory of this.#factories) {
      const sender = factory(url, { drainId: drain.id, clock: this.sim.clock, signal: abort.signal })
      if (sender) {
        this.#senders.set(key, { sender, abort, drains: new Set([drain.id]) })
        return sender
      }
    }
    return undefined
  }

  async #pump(drain: LogDrainRecord, sender: DrainSender, signal: AbortSignal): Promise<void> {
    const { clock } = this.sim
    const backend = this.sim.backends.akkeris
    const source = drain.target === 'app' ? appLineSource(backend, drain.targetId) : siteLineSource(backend, drain.targetId)
    let cursor = Math.floor(drain.createdAt / 1000) + 1
    let sinceYield = 0
    while (!signal.aborted) {
      if (!(await clock.sleepUntil(cursor * 1000, signal))) return
      source.refresh()
      for (; cursor <= Math.floor(clock.now() / 1000) && !signal.aborted; cursor++) {
        for (const line of source.lines(cursor)) {
          const message = syslogMessage(line)
          if (message === undefined) continue
          await sender.send(message)
          if (signal.aborted) return
          if (++sinceYield >= YIELD_EVERY) {
            sinceYield = 0
            await nextTurn()
          }
        }
      }
    }
  }
}

/** Messages waiting before a batch goes out at once; otherwise every 3 s. */
const BATCH_AFTER = 64
const BATCH_EVERY_MS = 3000
/** Batches in flight per URL before the pumps wait. */
const MAX_IN_FLIGHT = 4

/** `Authorization: Basic` of a URL's `user:pass@` (percent-decoded, UTF-8). */
function basicAuth(user: string, password: string): string {
  return `Basic ${textToBase64(`${decodeURIComponent(user)}:${decodeURIComponent(password)}`)}`
}

/**
 * Logplex batches over HTTP(S): `POST` with `Content-Type: application/logplex-1` and the
 * `Logplex-*` headers; a failed batch (network error, status outside 200–399) is dropped.
 */
function logplexSender(url: URL, { drainId, clock, signal }: SenderContext): DrainSender | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  const target = new URL(url.href)
  const authorization = target.username || target.password ? basicAuth(target.username, target.password) : undefined
  target.username = ''
  target.password = ''
  const stats: DrainStats = { delivered: 0, dropped: 0, failures: 0 }
  let batch: string[] = []
  let frameId = 0
  let inFlight = 0
  let waiting: Array<() => void> = []
  const release = () => {
    inFlight--
    const wake = waiting
    waiting = []
    for (const w of wake) w()
  }
  const flush = (): void => {
    if (batch.length === 0 || signal.aborted) return
    const messages = batch
    batch = []
    inFlight++
    const headers: Record<string, string> = {
      'content-type': 'application/logplex-1',
      'logplex-msg-count': String(messages.length),
      'logplex-frame-id': String(++frameId),
      'logplex-drain-token': drainId,
      'user-agent': 'Logplex/v72',
    }
    if (authorization) headers.authorization = authorization
    fetch(target.href, { method: 'POST', headers, body: logplexBody(messages), signal })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined)
        if (res.status >= 200 && res.status < 400) stats.delivered += messages.length
        else {
          stats.failures++
          stats.dropped += messages.length
        }
      })
      .catch(() => {
        if (signal.aborted) return
        stats.failures++
        stats.dropped += messages.length
      })
      .finally(release)
  }
  void (async () => {
    for (let at = clock.now() + BATCH_EVERY_MS; await clock.sleepUntil(at, signal); at = Math.max(at + BATCH_EVERY_MS, clock.now())) flush()
  })()
  return {
    stats,
    async send(message) {
      if (signal.aborted) return
      batch.push(message)
      if (batch.length > BATCH_AFTER) flush()
      while (inFlight >= MAX_IN_FLIGHT && !signal.aborted) await new Promise<void>((resolve) => waiting.push(resolve))
    },
    close() {
      batch = []
      const wake = waiting
      waiting = []
      for (const w of wake) w()
    },
  }
}
