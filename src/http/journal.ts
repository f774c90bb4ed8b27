/** The request journal: what reached the simulation and how it was answered, newest last. */
import type { FaultKind } from '../faults/types.js'
import type { SimRequest } from './sim-request.js'

/** One request as the simulation saw it. */
export interface JournalEntry {
  /** Simulated time, ISO-8601. */
  at: string
  provider: string
  operationId: string | null
  method: string
  path: string
  status: number
  /** Fault rule that hit the request, if any. */
  fault?: number
  /** The kind of fault it met (`status`, `latency`, `reset`, `truncate`, …), beside {@link fault}. */
  faultKind?: FaultKind
}

/** A bounded journal kept as a ring (the oldest entries are overwritten). */
export class Journal {
  #ring: Array<JournalEntry | undefined>
  #next = 0
  #size = 0
  #listeners: Array<(entry: JournalEntry, request: SimRequest) => void> = []

  constructor(private readonly limit = 1000) {
    this.#ring = new Array(limit)
  }

  /** Records the answer to `request` (its head is decided; a stream's body may still be flowing). */
  record(entry: JournalEntry, request?: SimRequest): void {
    if (request) for (const listener of this.#listeners) listener(entry, request)
    this.#ring[this.#next] = entry
    this.#next = (this.#next + 1) % this.limit
    if (this.#size < this.limit) this.#size++
  }

  /** Entries, oldest first, optionally only those of one operation or provider. */
  list(filter: { operationId?: string; provider?: string } = {}): JournalEntry[] {
    const out: JournalEntry[] = []
    for (let i = 0; i < this.#size; i++) {
      const e = this.#ring[(this.#next - this.#size + i + this.limit) % this.limit]!
      if ((!filter.operationId || e.operationId === filter.operationId) && (!filter.provider || e.provider === filter.provider)) out.push(e)
    }
    return out
  }

  /** Calls `listener` with every entry as it is recorded (e.g. `paasim serve --log`); returns the unsubscribe function. */
  subscribe(listener: (entry: JournalEntry, request: SimRequest) => void): () => void {
    this.#listeners = [...this.#listeners, listener]
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener)
    }
  }

  /** How many listeners are subscribed (for leak checks: a closed stream leaves none behind). */
  get subscribers(): number {
    return this.#listeners.length
  }

  /** Forgets every entry (listeners stay). */
  clear(): void {
    this.#ring = new Array(this.limit)
    this.#next = 0
    this.#size = 0
  }
}
