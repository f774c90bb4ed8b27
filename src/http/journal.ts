/** The request journal: what reached the simulation and how it was answered, newest last. */

/** One request as the simulation saw it. */
export interface JournalEntry {
  /** Simulated time, ISO-8601. */
  at: string
  provider: string
  operationId: string | null
  method: string
  path: string
  status: number
  /** Fault rule that answered, if any. */
  fault?: number
}

/** A bounded journal kept as a ring (the oldest entries are overwritten). */
export class Journal {
  #ring: Array<JournalEntry | undefined>
  #next = 0
  #size = 0

  constructor(private readonly limit = 1000) {
    this.#ring = new Array(limit)
  }

  record(entry: JournalEntry): void {
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

  clear(): void {
    this.#ring = new Array(this.limit)
    this.#next = 0
    this.#size = 0
  }
}
