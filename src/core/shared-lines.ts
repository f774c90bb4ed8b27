/**
 * Lines many streams read alike (the seconds of an app's log that a thousand tails follow), made
 * by the first reader and kept for the others: at most `entries` entries and `lines` lines in all,
 * the entries made longest ago forgotten first.
 */
export class SharedLines<K, L> {
  #map = new Map<K, L[]>()
  #count = 0

  constructor(
    readonly entries: number,
    readonly lines: number,
    /** How many lines an entry counts for (default: its length). */
    readonly weigh: (made: L[]) => number = (made) => made.length,
  ) {
    if (!(entries >= 1) || !(lines >= 1)) throw new RangeError(`invalid SharedLines bounds: ${entries} entries, ${lines} lines`)
  }

  /** The lines under `key`, made with `make` (and kept) when not already kept. */
  get(key: K, make: () => L[]): L[] {
    const known = this.#map.get(key)
    if (known) return known
    const made = make()
    this.#map.set(key, made)
    this.#count += this.weigh(made)
    // a Map iterates in insertion order: the oldest first
    for (const [old, gone] of this.#map) {
      if (this.#count <= this.lines && this.#map.size <= this.entries) break
      this.#map.delete(old)
      this.#count -= this.weigh(gone)
    }
    return made
  }

  /** How many entries, and lines in all, are kept. */
  get size(): { entries: number; lines: number } {
    return { entries: this.#map.size, lines: this.#count }
  }
}
