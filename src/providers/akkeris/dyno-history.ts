/**
 * Which dynos an Akkeris app runs at any time, derived from its releases and the restarts users
 * asked for. Every release and every restart of a type replaces that type's pods (new replica
 * hash, new suffixes); a restart of one dyno replaces that pod only (same hash, new suffix). The
 * log stream, the metrics and `GET /apps/{app}/dynos` all read this one history.
 * @see ../../../../shared/reference/akkeris.md#dynos-and-restarts
 */
import { hash32 } from '../../core/random.js'
import { uuidFromWords } from '../../simulation/akkeris/format.js'
import type { AppRecord, DynoRestartRecord, FormationRecord } from '../../state/akkeris.js'
import { dynoNames, podSuffix } from './timeline.js'

/** How long a new pod stays `pending` and a replaced one `stopping`, in ms. */
export const DYNO_TIMING = { startMs: 6_000, stopMs: 10_000 } as const

/** One pod of a formation type. */
export interface DynoSlot {
  type: string
  /** `<type>.<hash>-<suffix>`, as log lines and `aka ps` write it. */
  instance: string
  /** When the pod started (ms). */
  startedAt: number
}

/** The dynos serving from `at` on, and the pods replaced at that moment. */
export interface DynoEpoch {
  at: number
  dynos: DynoSlot[]
  replaced: DynoSlot[]
}

/** A user restart as an event line: `Restarting web (User Requested)` at its time. */
export function restartEventTexts(restart: DynoRestartRecord, formations: FormationRecord[]): string[] {
  if (restart.dyno !== null) return [`Restarting ${restart.type}.${restart.dyno} (User Requested)`]
  const types = restart.type === null ? formations.map((f) => f.type) : [restart.type]
  return types.map((t) => `Restarting ${t} (User Requested)`)
}

type Change = { at: number; release?: number; restart?: DynoRestartRecord }

/**
 * The app's dyno epochs, oldest first. The first starts when the formation was created with the
 * names of release 0, so an app that never released still has (unreleased) pods.
 */
export function dynoHistory(seed: number, app: AppRecord, formations: FormationRecord[], releases: number[], restarts: DynoRestartRecord[]): DynoEpoch[] {
  const live = formations.filter((f) => f.quantity > 0)
  const current = new Map<string, DynoSlot[]>()
  for (const f of live) current.set(f.type, dynoNames(seed, app.id, f, 0).map((instance) => ({ type: f.type, instance, startedAt: f.createdAt })))
  const snapshot = () => live.flatMap((f) => current.get(f.type)!)
  const epochs: DynoEpoch[] = [{ at: -Infinity, dynos: snapshot(), replaced: [] }]
  const changes: Change[] = [
    ...releases.map((at, i): Change => ({ at, release: i + 1 })),
    ...restarts.map((r): Change => ({ at: r.at, restart: r })),
  ].sort((a, b) => a.at - b.at || (a.release !== undefined ? -1 : 1))
  let release = 0
  for (const change of changes) {
    const replaced: DynoSlot[] = []
    if (change.release !== undefined) release = change.release
    for (const f of live) {
      const pods = current.get(f.type)!
      const r = change.restart
      if (change.release !== undefined) {
        replaced.push(...pods)
        current.set(f.type, dynoNames(seed, app.id, f, release).map((instance) => ({ type: f.type, instance, startedAt: change.at })))
      } else if (r && (r.type === null || r.type === f.type) && r.dyno === null) {
        replaced.push(...pods)
        current.set(f.type, dynoNames(seed, app.id, f, `${release}/${r.id}`).map((instance) => ({ type: f.type, instance, startedAt: change.at })))
      } else if (r && r.type === f.type && r.dyno !== null) {
        const i = pods.findIndex((p) => p.instance === `${f.type}.${r.dyno}`)
        if (i < 0) continue // a missing pod counts as deleted: nothing to replace
        const next = pods.slice()
        next[i] = { type: f.type, instance: podSuffix(pods[i].instance, hash32(seed, app.id, r.id, i)), startedAt: change.at }
        replaced.push(pods[i])
        current.set(f.type, next)
      }
    }
    const last = epochs[epochs.length - 1]
    if (last.at === change.at) {
      last.dynos = snapshot()
      last.replaced.push(...replaced.filter((p) => !last.replaced.includes(p) && !last.dynos.includes(p)))
    } else epochs.push({ at: change.at, dynos: snapshot(), replaced })
  }
  return epochs
}

/** Index of the epoch in force at `ms`. */
export function epochAt(epochs: DynoEpoch[], ms: number): number {
  let lo = 0
  let hi = epochs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (epochs[mid].at <= ms) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** A dyno as seen at a time: its pod, its state and readiness. */
export interface DynoView extends DynoSlot {
  state: 'pending' | 'running' | 'stopping' | 'app-crashed'
  ready: boolean
  /** When its state last changed (container started or stopped), ms. */
  updatedAt: number
  /** Container restarts of this pod (crashes). */
  restarts: number
  /** A waiting reason (`CrashLoopBackOff`), else `""`. */
  additionalInfo: string
}

/** The dynos listed at `now`: the serving pods, then pods still stopping after a replacement. */
export function dynosAt(epochs: DynoEpoch[], now: number): DynoView[] {
  const epoch = epochs[epochAt(epochs, now)]
  const out: DynoView[] = epoch.dynos.map((d) =>
    now - d.startedAt < DYNO_TIMING.startMs
      ? { ...d, state: 'pending', ready: false, updatedAt: d.startedAt, restarts: 0, additionalInfo: '' }
      : { ...d, state: 'running', ready: true, updatedAt: d.startedAt, restarts: 0, additionalInfo: '' },
  )
  if (now - epoch.at < DYNO_TIMING.stopMs) {
    for (const d of epoch.replaced) out.push({ ...d, state: 'stopping', ready: false, updatedAt: epoch.at, restarts: 0, additionalInfo: '' })
  }
  return out
}

/** The dyno's id: a UUID that depends on its app and pod name only (stable while the pod lives). */
export function dynoId(appId: string, instance: string): string {
  return uuidFromWords(hash32('dyno', appId, instance, 0), hash32('dyno', appId, instance, 1), hash32('dyno', appId, instance, 2), hash32('dyno', appId, instance, 3))
}
