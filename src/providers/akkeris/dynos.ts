/**
 * Akkeris dynos: the app's pods as of now and user-requested restarts, which are world events
 * (stored restarts) that the dyno list, the log stream and the metrics all read.
 * @see ../../../../shared/reference/akkeris.md#dynos-and-restarts
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import type { AppRecord, DynoRestartRecord, FormationRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { dynoHistory, dynoId, dynosAt, type DynoEpoch, type DynoView } from './dyno-history.js'
import { appDynoCrashes, crashStateAt, type DynoCrash } from './crashes.js'
import { listReleases, type ReleaseView } from './releases.js'
import { releaseTimes } from './timeline.js'
import { insertRecord } from '../../state/records.js'

/** What a restart answers: `{status}` plus the type and the dyno asked for. */
export interface RestartAnswer {
  status: 'pending'
  type?: string
  dyno?: string
}

/** The app's user restarts, oldest first. */
export function dynoRestarts(backend: AkkerisBackend, app: AppRecord): DynoRestartRecord[] {
  return backend.remember(`restarts:${app.id}`, () => backend.db.dynoRestarts.findMany((q) => q.where({ appId: app.id })).sort((a, b) => a.at - b.at))
}

/** Every change of the app's pods (releases and restarts), planned ones included. */
export function appDynoHistory(backend: AkkerisBackend, app: AppRecord): DynoEpoch[] {
  return backend.remember(`dyno-history:${app.id}`, () =>
    dynoHistory(backend.world.seed, app, backend.formations(app), releaseTimes(backend.plannedBuilds(app)), dynoRestarts(backend, app)),
  )
}

/** The app's dynos now, with the formation each belongs to and the newest release. */
export function listDynos(backend: AkkerisBackend, appRef: string): { app: AppRecord; dynos: Array<DynoView & { formation: FormationRecord }>; release: ReleaseView | undefined } {
  const app = backend.app(appRef)
  const formations = new Map(backend.formations(app).map((f) => [f.type, f]))
  const now = backend.now()
  const crashes = appDynoCrashes(backend, app)
  const dynos = dynosAt(appDynoHistory(backend, app), now).map((d) => ({ ...withCrashes(d, crashes, now), formation: formations.get(d.type)! }))
  return { app, dynos, release: listReleases(backend, app).at(-1) }
}

/** A dyno with its crashes as of `now`: restart count, and `app-crashed` while it backs off. */
function withCrashes(d: DynoView, crashes: DynoCrash[], now: number): DynoView {
  if (crashes.length === 0) return d
  const { restarts, down, last } = crashStateAt(crashes, d.instance, now)
  if (!last) return d
  if (down) return { ...d, restarts, state: 'app-crashed', ready: false, updatedAt: down.at, additionalInfo: 'CrashLoopBackOff' }
  if (d.state !== 'running') return { ...d, restarts }
  return { ...d, restarts, updatedAt: last.at + last.downMs }
}

/** One dyno by `<type>.<name>`, by `<name>` alone or by its id; none while the app has no release. */
export function findDyno(backend: AkkerisBackend, appRef: string, ref: string) {
  const { app, dynos, release } = listDynos(backend, appRef)
  const wanted = ref.toLowerCase()
  const dyno = release && dynos.find((d) => d.instance === wanted || d.instance.slice(d.type.length + 1) === wanted || dynoId(app.id, d.instance) === wanted)
  if (!dyno) throw new SimError('dyno_not_found')
  return { app, dyno, release }
}

/**
 * Restarts every dyno type (`target` undefined), one type (`web`) or one dyno (`web.<name>`). Only
 * the type is checked; an unknown dyno name is treated as already gone, as Kubernetes does.
 */
export async function restartDynos(backend: AkkerisBackend, appRef: string, target?: string): Promise<RestartAnswer> {
  const { type, dyno } = await scheduleRestart(backend, appRef, target, backend.now())
  if (type === null) return { status: 'pending' }
  return dyno === null ? { status: 'pending', type } : { status: 'pending', type, dyno }
}

/**
 * Records a restart of every type, one type or one dyno at `at` (now, or later for a planned one);
 * an unknown type is the API's 404 `The dyno type <type> was not found.`
 */
export async function scheduleRestart(backend: AkkerisBackend, appRef: string, target: string | undefined, at: number): Promise<DynoRestartRecord> {
  const app = backend.app(appRef)
  let type: string | null = null
  let dyno: string | null = null
  if (target !== undefined) {
    const dot = target.indexOf('.')
    type = dot < 0 ? target : target.slice(0, dot)
    dyno = dot < 0 ? null : target.slice(dot + 1)
    if (!backend.formations(app).some((f) => f.type === type)) throw new SimError('dyno_type_not_found', { type })
  }
  backend.invalidate()
  const record = await insertRecord(backend.db.dynoRestarts, { id: uuid(backend.world.random), appId: app.id, type, dyno, at })
  backend.invalidate()
  return record
}
