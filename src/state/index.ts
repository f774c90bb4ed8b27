/** The world's stored state: the only place that imports `@msw/data`. */
export * from './akkeris.js'
export * from './digitalocean.js'

/** Empties every collection of a group. */
export function clearCollections(group: Record<string, { clear(): void }>): void {
  for (const collection of Object.values(group)) collection.clear()
}
