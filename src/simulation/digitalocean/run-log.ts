/**
 * App Platform runtime logs: RUN lines for any time window, the last lines up to a moment,
 * RUN_RESTARTED output of crashed containers, and (re-exported) the DEPLOY log and the restart
 * schedule. Every line is a pure function of (seed, app, component, instance, second), so
 * consecutive windows `[a, b)`, `[b, c)` join up exactly into `[a, c)`.
 * @see https://docs.digitalocean.com/reference/api/api-reference/#operation/apps_get_logs
 */
import { generateRunLines, type RunLine, type RunProfile } from './run-generator.js'
import { lastRestartAtOrBefore, type RestartParams } from './restarts.js'

export { formatDoLine, type DoLine } from './format.js'
export { deployLogLines, type DeployLogInput } from './deploy-log.js'
export { restartTimes, restartCountUpTo, lastRestartAtOrBefore, nextRestartAfter, crashCause, crashCauseAt, type Crash, type RestartParams, type CrashCause } from './restarts.js'
export { CRASH_LEAD_MS, type RunLine, type RunProfile } from './run-generator.js'

/** How far back {@link lastRunLines} looks when the component is quiet. */
const MAX_LOOKBACK_MS = 24 * 3_600_000

/** Lines one window of {@link lastRunLinesAcross} aims at: a few milliseconds of work at most. */
const WINDOW_LINES = 256
/** Bounds of a window's span: busy components need a second, quiet ones an hour (of simulated time). */
const MIN_WINDOW_MS = 1000
const MAX_WINDOW_MS = 3_600_000

const byTime = (a: RunLine, b: RunLine) => a.at - b.at || a.nanos - b.nanos

/** RUN lines with `fromMs <= at < toMs`, all instances merged, sorted by time. */
export function runLinesBetween(profile: RunProfile, fromMs: number, toMs: number): RunLine[] {
  return generateRunLines(profile, fromMs, toMs)
}

/** The last `n` RUN lines before `toMs` (optionally of one instance), oldest first. */
export function lastRunLines(profile: RunProfile, toMs: number, n: number, instance?: string): RunLine[] {
  if (n <= 0) return []
  const floor = Math.max(profile.since ?? -Infinity, toMs - MAX_LOOKBACK_MS)
  const perSecond = Math.max(profile.requestsPerMinute / 60, 0.001) / (instance === undefined ? 1 : Math.max(1, profile.instances.length))
  let span = Math.min(MAX_LOOKBACK_MS, Math.max(5_000, ((n / perSecond) * 1000) / 0.6))
  for (;;) {
    const from = Math.max(floor, toMs - span)
    const lines = generateRunLines(profile, from, toMs, instance)
    if (lines.length >= n || from <= floor) return lines.slice(Math.max(0, lines.length - n))
    span *= 4
  }
}

/**
 * The last `n` RUN lines before `toMs` across `profiles` (each from its own start, at most a day
 * back), oldest first: the same lines as merging each profile's {@link lastRunLines} and keeping
 * the last `n`. They are generated in windows of about {@link WINDOW_LINES} lines walking back from
 * `toMs`, with `pause()` awaited between windows, so a large backlog never holds the caller's event
 * loop for more than one window; nothing older than the `n`th line is generated. A pause that
 * answers `false` (the client left) ends the walk early with what it has. `instance` keeps one
 * instance's lines, as {@link lastRunLines} does.
 */
export async function lastRunLinesAcross(profiles: RunProfile[], toMs: number, n: number, pause: () => Promise<boolean>, instance?: string): Promise<RunLine[]> {
  if (n <= 0 || profiles.length === 0) return []
  const floors = profiles.map((p) => Math.max(p.since ?? -Infinity, toMs - MAX_LOOKBACK_MS))
  const bottom = Math.min(...floors)
  const perSecond = profiles.reduce((sum, p) => sum + Math.max(0, p.requestsPerMinute) / 60 / (instance === undefined ? 1 : Math.max(1, p.instances.length)), 0)
  let span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, (WINDOW_LINES / Math.max(perSecond, 0.001)) * 1000))
  const windows: RunLine[][] = []
  let count = 0
  for (let hi = toMs; count < n && hi > bottom; ) {
    const lo = Math.max(bottom, hi - span)
    const parts = profiles.map((p, i) => (floors[i] < hi ? generateRunLines(p, Math.max(lo, floors[i]), hi, instance) : []))
    // ties between profiles keep the profiles' order, as one merge of their whole outputs would
    const lines = parts.length === 1 ? parts[0] : parts.flat().sort(byTime)
    windows.push(lines)
    count += lines.length
    hi = lo
    // the next window aims at WINDOW_LINES again: traffic follows the time of day and crashes pause it
    if (lines.length < WINDOW_LINES / 2) span = Math.min(MAX_WINDOW_MS, span * 2)
    else if (lines.length > WINDOW_LINES * 2) span = Math.max(MIN_WINDOW_MS, span / 2)
    if (count < n && hi > bottom && !(await pause())) break
  }
  const all = windows.reverse().flat()
  return all.slice(Math.max(0, all.length - n))
}

/** The restart schedule of one instance of a profile. */
export function restartParams(profile: RunProfile, instance: string): RestartParams {
  return { seed: profile.seed, appId: profile.appId, component: profile.component, instance, crashing: profile.crashing === true, since: profile.since ?? 0, crashes: profile.crashes?.[instance] }
}

/**
 * The crashed container's last `n` lines before the restart at `restartAtMs`: its final traffic,
 * then the stack trace / OOM report / exit status that ended it. Identical to the same instance's
 * RUN lines just before the restart.
 */
export function crashLastLines(profile: RunProfile, instance: string, restartAtMs: number, n = 40): RunLine[] {
  return lastRunLines(profile, restartAtMs, n, instance)
}

/**
 * RUN_RESTARTED output at `atMs`: for each instance that has restarted, the last lines of its
 * previous container (see {@link crashLastLines}), merged by time.
 */
export function restartedLinesAt(profile: RunProfile, atMs: number, n = 40): RunLine[] {
  const out: RunLine[] = []
  for (const instance of profile.instances) {
    const last = lastRestartAtOrBefore(restartParams(profile, instance), atMs)
    if (last !== undefined) out.push(...crashLastLines(profile, instance, last, n))
  }
  return out.sort((a, b) => a.at - b.at || a.nanos - b.nanos)
}
