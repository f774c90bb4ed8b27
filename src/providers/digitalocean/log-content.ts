/**
 * What each log type contains for a ticket: BUILD output per component, the DEPLOY rollout, RUN
 * traffic, RUN_RESTARTED crash tails, job invocations and autoscale events — all pure functions of
 * the world and time.
 */
import { runProfile } from './profiles.js'
import { SharedLines } from '../../core/shared-lines.js'
import { hash32 } from '../../core/random.js'
import {
  buildLogText,
  deployLogLines,
  formatDoLine,
  jobInvocationRunLines,
  lastRestartAtOrBefore,
  lastRunLinesAcross,
  restartParams,
  runLinesBetween,
  type DoLine,
  type RunProfile,
} from '../../simulation/digitalocean/index.js'
import type { DoAppRecord, DoComponentRecord } from '../../state/digitalocean.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'
import type { LogTicket } from './log-urls.js'

/** Lines of the RUN backlog when the client asks for all (`tail_lines=-1`). */
export const RUN_BACKLOG_ALL = 1000

/** The components a ticket covers. */
export function ticketComponents(app: DoAppRecord, ticket: LogTicket): DoComponentRecord[] {
  return app.components.filter((c) => ticket.component === '' || c.name === ticket.component)
}

const byTime = (a: DoLine, b: DoLine) => a.at - b.at || a.nanos - b.nanos

/** Every line of a finite log (BUILD, DEPLOY, JOB_INVOCATION, AUTOSCALE_EVENT) up to `until`. */
export function finiteLines(backend: DigitalOceanBackend, app: DoAppRecord, d: DeploymentView, ticket: LogTicket, until: number): DoLine[] {
  const out: DoLine[] = []
  const t = d.timeline
  for (const c of ticketComponents(app, ticket)) {
    if (ticket.type === 'BUILD') {
      const span = t.components.find((x) => x.name === c.name)?.build
      if (!span || t.restart || !Number.isFinite(span.start)) continue // a restart builds nothing; a cancel may come first
      const fails = t.outcome === 'build_error' && t.failedComponent === c.name
      out.push(...buildLogText({ seed: backend.world.seed, deploymentId: d.record.id, component: c.name, stack: c.stack, repo: app.repo, branch: app.branch, sha: d.record.sha, startedAt: span.start, outcome: fails ? 'failure' : 'success', kind: c.kind }))
    } else if (ticket.type === 'DEPLOY') {
      out.push(...deployLogLines({ timeline: t, appId: app.id, component: c.name, instances: backend.aliases(c) }))
    }
  }
  if (ticket.type === 'JOB_INVOCATION') out.push(...jobLines(backend, app, ticket))
  if (ticket.type === 'AUTOSCALE_EVENT') out.push(...autoscaleLines(backend, app, ticket))
  const end = Math.min(until, t.canceledAt ?? Infinity) // a cancelled deployment's output stops there
  return out.filter((l) => l.at <= end).sort(byTime)
}

/** When a finite log has nothing more to add. */
export function finiteEnd(backend: DigitalOceanBackend, app: DoAppRecord, d: DeploymentView, ticket: LogTicket): number {
  const t = d.timeline
  if (ticket.type === 'BUILD') return Math.min(t.build.span.end, t.finishedAt)
  if (ticket.type === 'DEPLOY') return Math.min(t.deploy?.span.end ?? t.build.span.end, t.finishedAt)
  const all = finiteLines(backend, app, d, ticket, Infinity)
  return all.length ? all[all.length - 1].at : 0
}

/**
 * RUN profiles of the ticket's components under the deployment; none for a deployment that never
 * goes live (its build or deploy fails), which never ran an instance.
 */
export function runProfiles(backend: DigitalOceanBackend, app: DoAppRecord, d: DeploymentView, ticket: LogTicket): RunProfile[] {
  if (d.timeline.activeAt === undefined) return []
  return ticketComponents(app, ticket)
    .filter((c) => c.kind !== 'static_site' && c.kind !== 'job')
    .map((c) => runProfile(backend, app, c, d))
}

/** RUN lines in [from, to) across profiles, merged. */
export function runLines(profiles: RunProfile[], from: number, to: number): DoLine[] {
  if (profiles.length === 1) return runLinesBetween(profiles[0], from, to)
  return profiles.flatMap((p) => runLinesBetween(p, from, to)).sort(byTime)
}

/** At most how many lines, and whole seconds, of RUN output a backend keeps for its live streams to share. */
const SHARED_LINES = 16_384
const SHARED_SECONDS = 4_096

const sharedSeconds = new WeakMap<DigitalOceanBackend, SharedLines<string, DoLine>>()

/**
 * {@link runLines} for live streams: made a whole second at a time and kept for a while, so a
 * thousand sockets following one app generate each second once. The lines are a pure function of
 * the profiles and the second, so the profiles themselves (as JSON) are the key.
 */
export function sharedRunLines(backend: DigitalOceanBackend, profiles: RunProfile[], from: number, to: number): DoLine[] {
  let shared = sharedSeconds.get(backend)
  if (!shared) sharedSeconds.set(backend, (shared = new SharedLines(SHARED_SECONDS, SHARED_LINES)))
  const key = JSON.stringify(profiles)
  const out: DoLine[] = []
  for (let sec = Math.floor(from / 1000); sec * 1000 < to; sec++) {
    const lines = shared.get(`${sec}:${key}`, () => runLines(profiles, sec * 1000, sec * 1000 + 1000))
    const whole = sec * 1000 >= from && sec * 1000 + 1000 <= to
    for (const line of lines) if (whole || (line.at >= from && line.at < to)) out.push(line)
  }
  return out
}

/**
 * The last `n` RUN lines before `to` across profiles, generated in windows with `pause()` awaited
 * between them (see {@link lastRunLinesAcross}).
 */
export function lastLines(profiles: RunProfile[], to: number, n: number, pause: () => Promise<boolean>): Promise<DoLine[]> {
  return lastRunLinesAcross(profiles, to, n, pause)
}

/**
 * RUN_RESTARTED: the crashed instances' last lines as of `at`, an instance at a time with `pause()`
 * awaited between them (`false` ends early).
 */
export async function restartedLines(profiles: RunProfile[], at: number, n: number, pause: () => Promise<boolean>): Promise<DoLine[]> {
  const perInstance = n >= 0 ? Math.min(n, 200) : 40
  const all: DoLine[] = []
  walk: for (const p of profiles) {
    for (const instance of p.instances) {
      const last = lastRestartAtOrBefore(restartParams(p, instance), at)
      if (last === undefined) continue
      // the crashed container's last lines (crashLastLines), generated in windows too
      all.push(...(await lastRunLinesAcross([p], last, perInstance, pause, instance)))
      if (!(await pause())) break walk
    }
  }
  all.sort(byTime)
  return n >= 0 ? all.slice(Math.max(0, all.length - n)) : all
}

function line(component: string, at: number, key: number, message: string): DoLine {
  const nanos = key % 1_000_000
  return { at, nanos, text: formatDoLine(component, at, nanos, message) }
}

function jobLines(backend: DigitalOceanBackend, app: DoAppRecord, ticket: LogTicket): DoLine[] {
  const inv = backend.db.jobInvocations.findFirst((q) => q.where({ id: ticket.invocation ?? '' }))
  const job = app.components.find((c) => c.name === ticket.job)
  if (!inv || !job) return []
  const start = inv.createdAt + 4000
  const profile: RunProfile = { seed: backend.world.seed, appId: app.id, component: job.name, instances: [`${job.name}-0`], kind: 'job', stack: job.stack, requestsPerMinute: 40, since: start, deploymentId: inv.deploymentId }
  const end = start + inv.durationMs
  const k = hash32(backend.world.seed, inv.id)
  const body = jobInvocationRunLines(profile, start, end, k, inv.succeeds)
  const verdict = inv.succeeds ? 'Job completed successfully' : 'Job failed: process exited with code 1'
  return [line(job.name, inv.createdAt + 1000, k, `Starting job ${job.name} (invocation ${inv.id})`), ...body, line(job.name, end, k + 7, verdict)]
}

function autoscaleLines(backend: DigitalOceanBackend, app: DoAppRecord, ticket: LogTicket): DoLine[] {
  const ev = backend.db.events.findFirst((q) => q.where({ id: ticket.event ?? '' }))
  if (!ev) return []
  const k = hash32(backend.world.seed, ev.id)
  const cpu = 70 + (k % 25)
  const up = ev.toCount > ev.fromCount
  const at = (f: number) => ev.createdAt + Math.round(ev.durationMs * f)
  return [
    line(ev.component, at(0), k, `autoscaler: average CPU ${up ? cpu : 100 - cpu}% is ${up ? 'above' : 'below'} the target of 80%`),
    line(ev.component, at(0.05), k + 1, `autoscaler: scaling ${ev.component} from ${ev.fromCount} to ${ev.toCount} instances`),
    ...Array.from({ length: Math.abs(ev.toCount - ev.fromCount) }, (_, i) =>
      line(ev.component, at(0.3 + 0.5 * (i / Math.max(1, Math.abs(ev.toCount - ev.fromCount)))), k + 2 + i, up ? `autoscaler: instance ${ev.component}-${ev.fromCount + i} is ready` : `autoscaler: instance ${ev.component}-${ev.fromCount - 1 - i} drained and stopped`),
    ),
    line(ev.component, at(1), k + 99, `autoscaler: scaling ${ev.component} to ${ev.toCount} instances succeeded`),
  ]
}
