/**
 * Indexes over the Akkeris collections, kept in step by the backend's writes: `@msw/data` queries
 * scan every record, so a lookup per app in a request turned a list of a thousand apps into a
 * million comparisons. Records are indexed as stored (the collections hand back the same objects).
 */
import type { AppRecord, BuildRecord, FormationRecord, LogSessionRecord, SiteRecord, SpaceRecord } from '../../state/akkeris.js'

/** Web first, then by type: the order Akkeris lists formations in. */
const byFormationOrder = (a: FormationRecord, b: FormationRecord) => (a.type === 'web' ? -1 : b.type === 'web' ? 1 : a.type.localeCompare(b.type))

/** The Akkeris records by id, key and owner. */
export class AkkerisLookup {
  readonly appsById = new Map<string, AppRecord>()
  readonly appsByKey = new Map<string, AppRecord>()
  readonly spaces = new Map<string, SpaceRecord>()
  readonly sitesById = new Map<string, SiteRecord>()
  readonly sitesByDomain = new Map<string, SiteRecord>()
  /** Log sessions by id: the objects the collection stores (handed back to its `delete`). */
  readonly sessions = new Map<string, LogSessionRecord>()
  /** When stale sessions were last purged (simulated ms). */
  readonly sessionPurge = { last: -Infinity }
  #formations = new Map<string, FormationRecord[]>()
  #builds = new Map<string, BuildRecord[]>()
  #sortedApps: AppRecord[] | undefined

  /** Forgets every record (the collections were emptied). */
  clear(): void {
    for (const map of [this.appsById, this.appsByKey, this.spaces, this.sitesById, this.sitesByDomain, this.sessions, this.#formations, this.#builds]) map.clear()
    this.#sortedApps = undefined
    this.sessionPurge.last = -Infinity
  }

  /** The indexes as they stand; the function returned puts them back. */
  snapshot(): () => void {
    const maps = [this.appsById, this.appsByKey, this.spaces, this.sitesById, this.sitesByDomain, this.sessions].map((m) => [m, [...m]] as const)
    const lists = [this.#formations, this.#builds].map((m) => [m, [...m].map(([id, list]) => [id, list.slice()] as const)] as const)
    const purged = this.sessionPurge.last
    return () => {
      this.clear()
      for (const [map, entries] of maps) for (const [k, v] of entries) (map as Map<string, unknown>).set(k, v)
      for (const [map, entries] of lists) for (const [k, v] of entries) (map as Map<string, unknown[]>).set(k, v.slice())
      this.sessionPurge.last = purged
    }
  }

  addApp(app: AppRecord, key: string): void {
    this.appsById.set(app.id, app)
    // a key finds the app created first, as a scan in creation order did
    if (!this.appsByKey.has(key)) this.appsByKey.set(key, app)
    this.#sortedApps = undefined
  }

  /** Every app ordered by `compare`, sorted once per change of the app set. */
  sortedApps(compare: (a: AppRecord, b: AppRecord) => number): AppRecord[] {
    return (this.#sortedApps ??= [...this.appsById.values()].sort(compare))
  }

  addFormation(f: FormationRecord): void {
    const list = this.#formations.get(f.appId) ?? []
    list.push(f)
    list.sort(byFormationOrder)
    this.#formations.set(f.appId, list)
  }

  /** An app's formations, web first (the index's own array: callers copy before changing it). */
  formations(appId: string): readonly FormationRecord[] {
    return this.#formations.get(appId) ?? []
  }

  /** Adds a build in creation order (after builds created at the same instant). */
  addBuild(b: BuildRecord): void {
    const list = this.#builds.get(b.appId) ?? []
    let i = list.length
    while (i > 0 && list[i - 1].createdAt > b.createdAt) i--
    list.splice(i, 0, b)
    this.#builds.set(b.appId, list)
  }

  /** An app's build records, oldest first (the index's own array). */
  builds(appId: string): readonly BuildRecord[] {
    return this.#builds.get(appId) ?? []
  }

  addSite(s: SiteRecord): void {
    this.sitesById.set(s.id, s)
    // a domain finds the site created first, as a scan in creation order did
    if (!this.sitesByDomain.has(s.domain)) this.sitesByDomain.set(s.domain, s)
  }
}
