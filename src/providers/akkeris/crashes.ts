/**
 * Akkeris dyno crashes, started as incidents: world events that the dyno routes, the log
 * sessions (and drains) and the metrics all read. A crashed container restarts in its pod (same
 * name, `restarts` + 1) after Kubernetes' back-off (10 s, doubling, at most 5 min), during which
 * the dyno reads `app-crashed` with `CrashLoopBackOff`, writes no traffic, and its memory starts
 * over. Crashes of a type hit the pods serving at each crash; a crash of one pod ends with it.
 * @see ../../../../shared/reference/akkeris.md#dynos-and-restarts
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import { hash32 } from '../../core/random.js'
import { formatAppLine, formatEventLine } from '../../simulation/akkeris/format.js'
import type { Stack } from '../../simulation/types.js'
import type { AppRecord, DynoCrashRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { epochAt } from './dyno-history.js'
import { appDynoHistory } from './dynos.js'
import { appKey } from './timeline.js'
import { insertRecord } from '../../state/records.js'

/** Why a crashed process died. */
export type DynoCrashCause = 'oom' | 'econnrefused' | 'uncaught'

/** Shortest gap between two crashes of a loop, and the most crashes one incident plans. */
export const CRASH_LOOP_LIMITS = { minEveryMs: 30_000, maxTimes: 1000 } as const

/** What {@link crashDynos} takes. */
export interface DynoCrashInput {
  /** A crash loop: `times` crashes `everyMs` apart (rounded to whole seconds); default one crash. */
  loop?: { times: number; everyMs: number }
  /** When the first crash happens, epoch ms (default now; never in the past). */
  at?: number
  cause?: DynoCrashCause
}

/** One crash of one pod. */
export interface DynoCrash {
  at: number
  type: string
  /** `<type>.<hash>-<suffix>`. */
  instance: string
  /** Index of the pod among its type's pods (its share of the type's metrics). */
  slot: number
  /** The pod's restart count after this crash. */
  restarts: number
  cause: DynoCrashCause
  /** How long the container stays down (the back-off) before it runs again. */
  downMs: number
}

/** The app's crash records, oldest first. */
function crashRecords(backend: AkkerisBackend, app: AppRecord): DynoCrashRecord[] {
  return backend.remember(`crash-records:${app.id}`, () => backend.db.dynoCrashes.findMany((q) => q.where({ appId: app.id })).sort((a, b) => a.at - b.at))
}

/** Every crash of the app's pods, planned ones included, in time order. */
export function appDynoCrashes(backend: AkkerisBackend, app: AppRecord): DynoCrash[] {
  return backend.remember(`crashes:${app.id}`, () => {
    const records = crashRecords(backend, app)
    if (records.length === 0) return []
    const epochs = appDynoHistory(backend, app)
    const instants = records.flatMap((r) => Array.from({ length: r.times }, (_, k) => ({ r, at: r.at + k * r.everyMs }))).sort((a, b) => a.at - b.at)
    const counts = new Map<string, number>()
    const out: DynoCrash[] = []
    for (const { r, at } of instants) {
      const pods = epochs[epochAt(epochs, at)].dynos.filter((d) => d.type === r.type)
      pods.forEach((pod, slot) => {
        if (r.dyno !== null && pod.instance !== `${r.type}.${r.dyno}`) return
        const restarts = (counts.get(pod.instance) ?? 0) + 1
        counts.set(pod.instance, restarts)
        const cause = r.cause ?? (['oom', 'econnrefused', 'uncaught'] as const)[hash32(backend.world.seed, app.id, pod.instance, 'cause') % 3]
        const downMs = Math.min(10_000 * 2 ** Math.min(restarts - 1, 5), 300_000, r.everyMs / 2)
        out.push({ at, type: r.type, instance: pod.instance, slot, restarts, cause, downMs })
      })
    }
    return out
  })
}

/** A pod's crash state at `now`: its restart count and, while it is backing off, the crash that downed it. */
export function crashStateAt(crashes: DynoCrash[], instance: string, now: number): { restarts: number; down?: DynoCrash; last?: DynoCrash } {
  let last: DynoCrash | undefined
  for (const c of crashes) {
    if (c.at > now) break
    if (c.instance === instance) last = c
  }
  if (!last) return { restarts: 0 }
  return { restarts: last.restarts, last, down: now < last.at + last.downMs ? last : undefined }
}

/** Whether the pod is down (crashed, backing off) during the second starting at `ms`. */
export function downDuring(crashes: DynoCrash[], instance: string, ms: number): boolean {
  return crashes.some((c) => c.instance === instance && c.at <= ms && ms < c.at + c.downMs)
}

const EXIT: Record<DynoCrashCause, string> = { oom: 'exit code 137, OOMKilled', econnrefused: 'exit code 1, Error', uncaught: 'exit code 1, Error' }

const LAST_WORDS: Record<Stack, Record<DynoCrashCause, string>> = {
  node: {
    oom: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    econnrefused: 'Error: connect ECONNREFUSED 10.4.0.21:5432',
    uncaught: "TypeError: Cannot read properties of undefined (reading 'id')",
  },
  python: {
    oom: 'MemoryError',
    econnrefused: 'psycopg2.OperationalError: could not connect to server: Connection refused',
    uncaught: "KeyError: 'id'",
  },
  go: {
    oom: 'fatal error: runtime: out of memory',
    econnrefused: 'panic: dial tcp 10.4.0.21:5432: connect: connection refused',
    uncaught: 'panic: runtime error: invalid memory address or nil pointer dereference',
  },
  ruby: {
    oom: 'failed to allocate memory (NoMemoryError)',
    econnrefused: 'PG::ConnectionBad: could not connect to server: Connection refused',
    uncaught: "NoMethodError: undefined method 'id' for nil",
  },
  docker: { oom: 'Killed', econnrefused: 'error: dial tcp 10.4.0.21:5432: connect: connection refused', uncaught: 'fatal: unexpected end of JSON input' },
}

/** The lines a crash writes: the process's last words (`app[...]`), then the platform's event line. */
export function crashLines(app: AppRecord, crashes: DynoCrash[]): Array<{ at: number; text: string }> {
  const key = appKey(app)
  return crashes.flatMap((c) => [
    { at: c.at, text: formatAppLine(key, c.at, c.instance, LAST_WORDS[app.stack][c.cause]) },
    { at: c.at, text: formatEventLine(key, c.at, `Restarting ${c.instance} (Crashed: ${EXIT[c.cause]}; restart ${c.restarts}, back-off ${c.downMs / 1000}s)`) },
  ])
}

function bad(message: string): never {
  throw new SimError('bad_request', {}, message)
}

/**
 * Crashes every dyno of a type (`'web'`) or one dyno (`'web.<name>'`), once or in a loop. The type
 * must have a formation (else the API's 404 `The dyno type <type> was not found.`) and one dyno
 * must be serving then (else `The specified dyno was not found.`); the crash happens at the next
 * whole second at or after `at`.
 */
export async function crashDynos(backend: AkkerisBackend, appRef: string, target: string, input: DynoCrashInput = {}): Promise<DynoCrashRecord> {
  const app = backend.app(appRef)
  const dot = target.indexOf('.')
  const type = dot < 0 ? target : target.slice(0, dot)
  const dyno = dot < 0 ? null : target.slice(dot + 1)
  if (!backend.formations(app).some((f) => f.type === type && f.quantity > 0)) throw new SimError('dyno_type_not_found', { type })
  const now = backend.now()
  if (input.at !== undefined && (!Number.isFinite(input.at) || input.at < now)) bad('a crash cannot start in the past (the views already showed that time)')
  const times = input.loop?.times ?? 1
  const everyMs = Math.round((input.loop?.everyMs ?? CRASH_LOOP_LIMITS.minEveryMs) / 1000) * 1000
  if (!Number.isInteger(times) || times < 1 || times > CRASH_LOOP_LIMITS.maxTimes) bad(`loop.times must be an integer from 1 to ${CRASH_LOOP_LIMITS.maxTimes}`)
  if (!Number.isFinite(everyMs) || everyMs < CRASH_LOOP_LIMITS.minEveryMs) bad(`loop.every must be at least ${CRASH_LOOP_LIMITS.minEveryMs / 1000}s`)
  // the current second may already be written to open streams: crash in the next one
  const at = Math.max(Math.floor(now / 1000) + 1, Math.ceil((input.at ?? now) / 1000)) * 1000
  if (dyno !== null) {
    // one pod: it must be serving when the first crash comes (a restart may replace it before)
    const epochs = appDynoHistory(backend, app)
    if (!epochs[epochAt(epochs, at)].dynos.some((d) => d.instance === `${type}.${dyno}`)) throw new SimError('dyno_not_found')
  }
  backend.invalidate()
  const record = await insertRecord(backend.db.dynoCrashes, { id: uuid(backend.world.random), appId: app.id, type, dyno, at, times, everyMs, cause: input.cause ?? null })
  backend.invalidate()
  return record
}
