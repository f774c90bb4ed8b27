/**
 * Akkeris log drains of apps and sites: the API's checks in its order (lookup, body, `url`,
 * duplicate), and the 503 the controller turns every failed region call into.
 * @see ../../../../shared/reference/akkeris.md#log-drains
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import type { AppRecord, LogDrainRecord, SiteRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { appKey } from './timeline.js'
import { insertRecord } from '../../state/records.js'

/** What a drain belongs to. */
export type DrainTarget = { app: AppRecord } | { site: SiteRecord }

const targetOf = (t: DrainTarget) => ('app' in t ? { target: 'app' as const, targetId: t.app.id } : { target: 'site' as const, targetId: t.site.id })

/** The drain's `token`: `<name>-<space>` of its app, or its site's domain. */
export function drainToken(t: DrainTarget): string {
  return 'app' in t ? appKey(t.app) : t.site.domain
}

/** The drains of an app or a site, in creation order. */
export function listDrains(backend: AkkerisBackend, t: DrainTarget): LogDrainRecord[] {
  const { target, targetId } = targetOf(t)
  return backend.db.logDrains.findMany((q) => q.where({ target, targetId })).sort((a, b) => a.createdAt - b.createdAt || a.micros - b.micros)
}

/** Every drain of the world, oldest first (what the delivery forwards to). */
export function allDrains(backend: AkkerisBackend): LogDrainRecord[] {
  return [...backend.db.logDrains.all()].sort((a, b) => a.createdAt - b.createdAt || a.micros - b.micros)
}

/**
 * Stores a drain from the parsed body. Any non-empty `url` is kept as sent; one already draining
 * this app or site (compared trimmed and lower-cased) is refused.
 */
export async function createDrain(backend: AkkerisBackend, t: DrainTarget, body: unknown): Promise<LogDrainRecord> {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const url = fields.url
  if (!url) throw new SimError('drain_url_missing')
  const text = String(url)
  const same = (u: string) => u.trim().toLowerCase() === text.trim().toLowerCase()
  if (listDrains(backend, t).some((d) => same(d.url))) throw new SimError('drain_exists', { target: 'app' in t ? 'application' : 'site' })
  const { random } = backend.world
  const drain = await insertRecord(backend.db.logDrains, { id: uuid(random), ...targetOf(t), url: text, createdAt: backend.now(), micros: random.int(0, 999) })
  if ('app' in t) await touchApp(backend, t.app)
  backend.invalidate()
  backend.onDrainsChange()
  return drain
}

/** One drain of the app or site; an id unknown to it is the controller's 503. */
export function findDrain(backend: AkkerisBackend, t: DrainTarget, id: string): LogDrainRecord {
  const drain = listDrains(backend, t).find((d) => d.id === id.toLowerCase())
  if (!drain) throw new SimError('unavailable')
  return drain
}

/** Removes a drain (its delivery stops at once) and returns it. */
export async function deleteDrain(backend: AkkerisBackend, t: DrainTarget, id: string): Promise<LogDrainRecord> {
  const drain = findDrain(backend, t, id)
  backend.db.logDrains.delete((q) => q.where({ id: drain.id }))
  if ('app' in t) await touchApp(backend, t.app)
  backend.invalidate()
  backend.onDrainsChange()
  return drain
}

/** Creating or deleting an app's drain bumps the app's `updated_at`. */
async function touchApp(backend: AkkerisBackend, app: AppRecord): Promise<void> {
  const now = backend.now()
  const updated = await backend.db.apps.update((q) => q.where({ id: app.id }), { data: (a) => void (a.updatedAt = Math.max(a.updatedAt, now)) })
  if (!updated) return
  // the collection hands back a new record: the indexes must hold it
  const { lookup } = backend
  lookup.addApp(updated, appKey(updated))
  if (lookup.appsByKey.get(appKey(updated))?.id === updated.id) lookup.appsByKey.set(appKey(updated), updated)
}
