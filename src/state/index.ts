/** The world's stored state: the only place that imports `@msw/data`. */
export * from './akkeris.js'
export * from './digitalocean.js'

/**
 * Empties every collection of a group, in time linear in its size.
 * @note `Collection.clear()` looks each record up by a scan before removing it (quadratic: a
 * world of a thousand apps took seconds to reset). `all()` hands back the store's own array, so
 * it is truncated in place; `clear()` remains the fallback should a release stop doing so.
 */
export function clearCollections(group: Record<string, { clear(): void; all(): unknown[]; count(): number }>): void {
  for (const collection of Object.values(group)) {
    const records = collection.all()
    if (Array.isArray(records)) records.length = 0
    if (collection.count() !== 0) collection.clear()
  }
}
