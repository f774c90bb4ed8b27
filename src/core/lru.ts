/**
 * A bounded least-recently-used map: memos that must not grow with traffic, and must not forget
 * everything at once when full (a wholesale clear at the bound turned a lookup per app into a
 * scan per app at a thousand apps).
 */
export class Lru<K, V> {
  #map = new Map<K, V>()

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`invalid LRU limit: ${limit}`)
  }

  /** The value under `key` (marked as just used), or `undefined`. */
  get(key: K): V | undefined {
    const map = this.#map
    const value = map.get(key)
    if (value === undefined) return undefined
    // re-inserting moves the key to the young end of the Map's insertion order
    map.delete(key)
    map.set(key, value)
    return value
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    const map = this.#map
    map.delete(key)
    if (map.size >= this.limit) map.delete(map.keys().next().value as K)
    map.set(key, value)
  }

  /** How many entries are held. */
  get size(): number {
    return this.#map.size
  }

  /** Forgets everything. */
  clear(): void {
    this.#map.clear()
  }
}
