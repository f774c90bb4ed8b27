/**
 * App Platform incidents: world events that every view reads. A crash (once, or a loop of
 * `times` crashes `every` apart) is stored as a record; the RUN and RUN_RESTARTED logs, the
 * `restart_count`, memory and CPU series and the health route all derive the same restart
 * instants from it. A failed deployment is a deployment planned to fail in a chosen phase, and an
 * autoscale is an event record whose new instance count the instances, metrics and logs follow.
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import { CRASH_LEAD_MS, crashCause, type Crash, type CrashCause } from '../../simulation/digitalocean/index.js'
import type { DoAppRecord, DoComponentRecord, DoCrashRecord, DoEventRecord } from '../../state/digitalocean.js'
import { createAutoscaleEvent } from './activity.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'
import { insertRecord } from '../../state/records.js'

/** Shortest gap between two crashes of a loop: an instance is back up (boot ≤ 12 s) well before. */
export const MIN_CRASH_EVERY_MS = 30_000
/** Most crashes one incident may plan. */
export const MAX_CRASH_TIMES = 1000

/** What {@link crashComponent} takes. */
export interface CrashInput {
  component: string
  /** One instance alias (`web-0`); default every instance of the component. */
  instance?: string
  /** A crash loop: `times` crashes, `everyMs` apart (default: one crash). */
  loop?: { times: number; everyMs: number }
  /** When the first crash's output starts, epoch ms (default now; never in the past). */
  at?: number
  /** Why the process dies (default: the instance's own seeded cause). */
  cause?: CrashCause
}

/** A crash incident as started: its record and the restart instants per instance. */
export interface CrashPlan {
  id: string
  appId: string
  component: string
  /** Per instance alias, the instants (epoch ms) at which it is restarted, ascending. */
  restarts: Record<string, number[]>
}

/** `compute()` once per component while the app's crash and scale records stay the same. */
function memo<T>(backend: DigitalOceanBackend, key: string, app: DoAppRecord, compute: () => T): T {
  const from = [backend.crashIndex.get(app.id), backend.scaleIndex.get(app.id)]
  const held = backend.incidentMemo.get(`${key}:${app.id}`)
  if (held && held.from[0] === from[0] && held.from[1] === from[1]) return held.value as T
  const value = compute()
  backend.incidentMemo.set(`${key}:${app.id}`, { from, value })
  return value
}

/** The restart instants of a crash record for one instance. */
function restartsOf(r: DoCrashRecord): number[] {
  return Array.from({ length: r.times }, (_, k) => r.at + CRASH_LEAD_MS + k * r.everyMs)
}

/** The app's crash records, oldest first. */
function crashRecords(backend: DigitalOceanBackend, appId: string): DoCrashRecord[] {
  return backend.crashIndex.get(appId) ?? []
}

/** Restarts forced by incidents on a component's instances, per alias, ascending. */
export function crashesOf(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): Record<string, Crash[]> | undefined {
  if (!backend.crashIndex.has(app.id)) return undefined
  return memo(backend, `crashes:${c.name}`, app, () => planCrashes(backend, app, c))
}

function planCrashes(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): Record<string, Crash[]> | undefined {
  const records = crashRecords(backend, app.id).filter((r) => r.component === c.name)
  if (records.length === 0) return undefined
  const out: Record<string, Crash[]> = {}
  for (const alias of allAliases(backend, app, c)) {
    const own = crashCause({ seed: backend.world.seed, appId: app.id, component: c.name, instance: alias })
    const list: Crash[] = []
    for (const r of records) {
      if (r.instance !== null && r.instance !== alias) continue
      for (const at of restartsOf(r)) if (runsAt(backend, app, c, alias, at - CRASH_LEAD_MS)) list.push({ at, cause: r.cause ?? own, startedAt: r.createdAt })
    }
    if (list.length) out[alias] = list.sort((a, b) => a.at - b.at)
  }
  return out
}

function bad(message: string): never {
  throw new SimError('bad_request', {}, message)
}

/**
 * Crashes a component's instances (services and workers run instances; jobs and static sites do
 * not) once or in a loop. Unknown app or component: `not_found`; a bad loop or time: `bad_request`.
 */
export async function crashComponent(backend: DigitalOceanBackend, appId: string, input: CrashInput): Promise<CrashPlan> {
  const app = backend.app(appId)
  const c = backend.component(app, input.component)
  if (c.kind !== 'service' && c.kind !== 'worker') bad(`${c.name} is a ${c.kind}: only services and workers run instances that can crash`)
  const now = backend.now()
  const at = input.at ?? now
  const running = aliasesAt(backend, app, c, at)
  if (input.instance !== undefined && !running.includes(input.instance)) bad(`${c.name} has no instance ${JSON.stringify(input.instance)} then (it runs ${running.join(', ') || 'none'})`)
  if (!Number.isFinite(at) || at < now) bad('a crash cannot start in the past (the views already showed that time)')
  const times = input.loop?.times ?? 1
  const everyMs = input.loop?.everyMs ?? MIN_CRASH_EVERY_MS
  if (!Number.isInteger(times) || times < 1 || times > MAX_CRASH_TIMES) bad(`loop.times must be an integer from 1 to ${MAX_CRASH_TIMES}`)
  if (!Number.isFinite(everyMs) || everyMs < MIN_CRASH_EVERY_MS) bad(`loop.every must be at least ${MIN_CRASH_EVERY_MS / 1000}s`)
  const record = await insertRecord(backend.db.crashes, {
    id: uuid(backend.world.random),
    appId: app.id,
    component: c.name,
    instance: input.instance ?? null,
    at,
    times,
    everyMs,
    cause: input.cause ?? null,
    createdAt: now,
  })
  backend.crashIndex.set(app.id, [...crashRecords(backend, app.id), record])
  const restarts: Record<string, number[]> = {}
  for (const alias of allAliases(backend, app, c)) {
    if (record.instance !== null && record.instance !== alias) continue
    const mine = restartsOf(record).filter((t) => runsAt(backend, app, c, alias, t - CRASH_LEAD_MS))
    if (mine.length) restarts[alias] = mine
  }
  return { id: record.id, appId: app.id, component: c.name, restarts }
}

/** The phases a deployment can be made to fail in, and the outcome each means. */
export const FAILING_PHASES = { BUILDING: 'build_error', DEPLOYING: 'deploy_error' } as const

/** What {@link failDeployment} takes. */
export interface FailDeploymentInput {
  /** `BUILDING` (a component's build fails) or `DEPLOYING` (its health checks fail); default DEPLOYING. */
  phase?: keyof typeof FAILING_PHASES
  /** The component that fails (default: a seeded pick). */
  component?: string
  /** When the deployment is created, epoch ms (default now; never in the past). */
  at?: number
  cause?: string
}

/** Starts a deployment that ends ERROR in the chosen phase, its failed step counted in `error_steps`. */
export async function failDeployment(backend: DigitalOceanBackend, appId: string, input: FailDeploymentInput = {}): Promise<DeploymentView> {
  const app = backend.app(appId)
  const phase = input.phase ?? 'DEPLOYING'
  if (!Object.hasOwn(FAILING_PHASES, phase)) bad(`phase must be one of ${Object.keys(FAILING_PHASES).join(', ')}`)
  if (input.component !== undefined) {
    const c = backend.component(app, input.component)
    if (phase === 'DEPLOYING' && c.kind !== 'service' && c.kind !== 'worker') bad(`${c.name} is a ${c.kind}: only services and workers have health checks that fail while DEPLOYING`)
  }
  const now = backend.now()
  const at = input.at ?? now
  if (!Number.isFinite(at) || at < now) bad('a deployment cannot start in the past')
  const record = await backend.addDeployment(app.id, { outcome: FAILING_PHASES[phase], failedComponent: input.component, agoMs: now - at, cause: input.cause ?? `failed ${phase.toLowerCase()} started as an incident` })
  // a planned deployment is shown as it will be when created
  return backend.deployments(app, Math.max(now, at)).find((d) => d.record.id === record.id)!
}

/** What {@link autoscaleComponent} takes. */
export interface AutoscaleInput {
  component: string
  /** Instance count after the event (1–250). */
  to: number
  /** When the event starts, epoch ms (default now; never in the past). */
  at?: number
}

/** The applied autoscale events of a component, oldest first. */
function scalings(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): DoEventRecord[] {
  return (backend.scaleIndex.get(app.id) ?? []).filter((e) => e.component === c.name)
}

/** When the `i`-th of `n` instances an event adds is ready (or the `i`-th it removes has stopped): as its AUTOSCALE_EVENT log says. */
export function scaledAt(ev: Pick<DoEventRecord, 'createdAt' | 'durationMs'>, i: number, n: number): number {
  return ev.createdAt + Math.round(ev.durationMs * (0.3 + 0.5 * (i / Math.max(1, n))))
}

/**
 * When each instance of a component runs, `[from, until)` epoch ms, for those autoscaling started
 * or stopped (undefined when none did): instances `<component>-<n>` are added and removed from the top.
 */
export function instanceWindows(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): Record<string, Array<[number, number]>> | undefined {
  if (!backend.scaleIndex.has(app.id)) return undefined
  return memo(backend, `windows:${c.name}`, app, () => planWindows(backend, app, c))
}

function planWindows(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): Record<string, Array<[number, number]>> | undefined {
  const events = scalings(backend, app, c)
  if (events.length === 0) return undefined
  const windows: Record<string, Array<[number, number]>> = {}
  for (let i = 0; i < c.instanceCount; i++) windows[`${c.name}-${i}`] = [[-Infinity, Infinity]]
  for (const ev of events) {
    const n = Math.abs(ev.toCount - ev.fromCount)
    for (let i = 0; i < n; i++) {
      const at = scaledAt(ev, i, n)
      if (ev.toCount > ev.fromCount) (windows[`${c.name}-${ev.fromCount + i}`] ??= []).push([at, Infinity])
      else windows[`${c.name}-${ev.fromCount - 1 - i}`].at(-1)![1] = at
    }
  }
  return windows
}

/** Every instance alias a component ever runs (autoscaled ones included). */
export function allAliases(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord): string[] {
  const windows = instanceWindows(backend, app, c)
  if (!windows) return backend.aliases(c)
  return Object.keys(windows).sort((a, b) => Number(a.slice(c.name.length + 1)) - Number(b.slice(c.name.length + 1)))
}

/** Whether an instance of the component runs at `at`. */
function runsAt(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, alias: string, at: number): boolean {
  const windows = instanceWindows(backend, app, c)
  return !windows || (windows[alias] ?? []).some(([a, b]) => a <= at && at < b)
}

/** The instances running at `at`. */
export function aliasesAt(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, at: number): string[] {
  return allAliases(backend, app, c).filter((alias) => runsAt(backend, app, c, alias, at))
}

/** The component's instance count at `at` (after the autoscale events by then, finished or not). */
function countAt(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, at: number): number {
  return scalings(backend, app, c).filter((e) => e.createdAt <= at).at(-1)?.toCount ?? c.instanceCount
}

/**
 * The autoscaler scales a service or worker to `to` instances, starting at `at`: new instances
 * boot and log, removed ones fall silent, and the instances, health and metrics follow, each
 * instance changing when the AUTOSCALE_EVENT log says it does.
 */
export async function autoscaleComponent(backend: DigitalOceanBackend, appId: string, input: AutoscaleInput): Promise<DoEventRecord> {
  const app = backend.app(appId)
  const c = backend.component(app, input.component)
  if (c.kind !== 'service' && c.kind !== 'worker') bad(`${c.name} is a ${c.kind}: only services and workers scale`)
  if (!Number.isInteger(input.to) || input.to < 1 || input.to > 250) bad('"to" must be an instance count from 1 to 250')
  const now = backend.now()
  const at = input.at ?? now
  if (!Number.isFinite(at) || at < now) bad('an autoscale event cannot start in the past')
  const last = scalings(backend, app, c).at(-1)
  if (last && last.createdAt + last.durationMs > at) bad(`${c.name} is still scaling until ${new Date(last.createdAt + last.durationMs).toISOString()}`)
  const from = countAt(backend, app, c, at)
  if (from === input.to) bad(`${c.name} already runs ${from} instance(s) then`)
  const event = await createAutoscaleEvent(backend, app.id, c.name, { agoMs: now - at, from, to: input.to, applied: true })
  backend.scaleIndex.set(app.id, [...(backend.scaleIndex.get(app.id) ?? []), event])
  return event
}
