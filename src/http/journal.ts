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

/** A bounded journal (oldest entries drop out). */
export class Journal {
  #entries: JournalEntry[] = []

  constructor(private readonly limit = 1000) {}

  record(entry: JournalEntry): void {
    this.#entries.push(entry)
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit)
  }

  /** Entries, optionally only those of one operation. */
  list(filter: { operationId?: string; provider?: string } = {}): JournalEntry[] {
    return this.#entries.filter((e) => (!filter.operationId || e.operationId === filter.operationId) && (!filter.provider || e.provider === filter.provider))
  }

  clear(): void {
    this.#entries = []
  }
}
