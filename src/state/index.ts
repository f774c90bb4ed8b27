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

/** A group of collections as it stood when {@link snapshotCollections} was taken. */
export type CollectionsSnapshot = Array<readonly object[]>

/**
 * Remembers which records a group holds, so that {@link restoreCollections} can put the group back
 * as it stands now.
 * @note The record objects themselves are kept, not copies: `@msw/data` replaces a record on
 * `update()` (it drafts a new one) rather than changing it, and the backends write in place only
 * to records made after a world is populated (a log session's `openedAt`).
 */
export function snapshotCollections(group: Record<string, { all(): unknown[] }>): CollectionsSnapshot {
  return Object.values(group).map((collection) => collection.all().slice() as object[])
}

/**
 * Puts a group back as it was when `snapshot` was taken, in time linear in its size; returns false
 * (the group emptied) when the store does not hand back its own array, for the caller to rebuild it.
 */
export function restoreCollections(group: Record<string, { clear(): void; all(): unknown[]; count(): number }>, snapshot: CollectionsSnapshot): boolean {
  clearCollections(group)
  const collections = Object.values(group)
  for (let i = 0; i < collections.length; i++) {
    const store = collections[i].all()
    const records = snapshot[i]
    if (!Array.isArray(store) || store.length !== 0) return false
    for (const record of records) store.push(record)
    if (collections[i].count() !== records.length) {
      clearCollections(group)
      return false
    }
  }
  return true
}

