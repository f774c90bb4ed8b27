/** Records → Akkeris wire objects for dynos, releases, spaces and log drains (keys in the API's order). */
import type { AppRecord, FormationRecord, LogDrainRecord, SpaceRecord } from '../../state/akkeris.js'
import { dynoId, type DynoView } from './dyno-history.js'
import type { ReleaseView } from './releases.js'
import { appKey } from './timeline.js'

const iso = (ms: number) => new Date(ms).toISOString()
/** Whole seconds, as Kubernetes reports pod times. */
const isoSeconds = (ms: number) => iso(Math.floor(ms / 1000) * 1000).slice(0, 19) + 'Z'

/** The dyno object. */
export function serializeDyno(app: AppRecord, d: DynoView & { formation: FormationRecord }, release: ReleaseView | undefined) {
  return {
    attach_url: '',
    command: d.formation.command,
    created_at: isoSeconds(d.startedAt),
    id: dynoId(app.id, d.instance),
    name: d.instance.slice(d.type.length + 1),
    release: { id: release?.id ?? null, version: release?.version ?? null },
    app: { name: appKey(app), id: app.id },
    size: d.formation.size,
    state: d.state,
    ready: d.ready,
    restarts: d.restarts,
    type: d.type,
    updated_at: isoSeconds(d.updatedAt),
    additional_info: d.additionalInfo,
  }
}

/** The release object. */
export function serializeRelease(app: AppRecord, r: ReleaseView) {
  return {
    app: { id: app.id, name: appKey(app) },
    created_at: iso(r.createdAt),
    description: r.description,
    slug: { id: r.build.id },
    id: r.id,
    status: r.status,
    state: r.state,
    user: { id: r.build.userId, email: '' },
    version: r.version,
    current: r.current,
  }
}

/** Where a space runs: every simulated space is in one region on one stack. */
export interface SpacePlacement {
  region: { id: string; name: string }
  stack: { id: string; name: string }
}

/** The space object; `apps` is a string, as node-postgres hands over a SQL count. */
export function serializeSpace(s: SpaceRecord, apps: number, placement: SpacePlacement) {
  return {
    compliance: s.compliance,
    created_at: iso(s.createdAt),
    id: s.id,
    name: s.name,
    region: placement.region,
    stack: placement.stack,
    state: 'allocated',
    apps: String(apps),
    updated_at: iso(s.createdAt),
  }
}

/** Go's RFC 3339 with fractional seconds (`2016-07-18T14:55:38.190123Z`), trailing zeros dropped. */
function goTime(ms: number, micros: number): string {
  const base = iso(ms)
  const fraction = `${base.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '')
  return `${base.slice(0, 19)}${fraction ? '.' + fraction : ''}Z`
}

/** The log-drain object (logshuttle's keys, in its order; `addon` is always empty). */
export function serializeDrain(d: LogDrainRecord, token: string) {
  const at = goTime(d.createdAt, d.micros)
  return { addon: { id: '', name: '' }, created_at: at, id: d.id, token, updated_at: at, url: d.url }
}
