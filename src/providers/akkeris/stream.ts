/**
 * Akkeris log sessions: creation with the API's validation, and the stream behind `logplex_url` —
 * the last `lines` lines, then (with `tail`) new lines as simulated time passes. Lifetimes: open
 * within 5 minutes, 60 s idle ends it, 30 minutes at most, single use.
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import { runtimeLinesInSecond, siteLinesInSecond, type RuntimeAppProfile } from '../../simulation/akkeris/runtime-log.js'
import type { AppRecord, LogSessionRecord, SiteRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { appKey, platformLines, releaseTimes, runtimeProfile } from './timeline.js'

/** Lifetimes of a log session, in ms. */
export const SESSION_LIMITS = { openWithin: 5 * 60_000, idle: 60_000, maxOpen: 30 * 60_000 } as const

const MAX_LINES = 250
const BACKLOG_LOOKBACK_SEC = 6 * 3600
const CHUNK_LINES = 4096
/**
 * Up to this many lines at once go out one line per chunk: the official CLI filters (`-d web`,
 * `-s source`) whole chunks, so a chunk must hold a single line. Only a catch-up after a large
 * clock jump is written in chunks of up to {@link CHUNK_LINES} lines.
 */
const PER_LINE_MAX = 1024

/** A batch of lines as chunks: one per line while small, else joined. */
function* chunksOf(lines: string[]): Generator<string> {
  if (lines.length > PER_LINE_MAX) {
    yield lines.join('\n') + '\n'
    return
  }
  for (const line of lines) yield line + '\n'
}

/** Validates the `{lines, tail}` body (422 texts) and stores a new session. */
export async function createLogSession(backend: AkkerisBackend, target: { app: AppRecord } | { site: SiteRecord }, body: unknown): Promise<LogSessionRecord> {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const lines = fields.lines
  if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 1) throw new SimError('invalid_lines')
  if (lines > MAX_LINES) throw new SimError('lines_too_large')
  const now = backend.now()
  purgeStale(backend, now)
  return backend.db.logSessions.create({
    id: uuid(backend.world.random),
    target: 'app' in target ? 'app' : 'site',
    targetId: 'app' in target ? target.app.id : target.site.id,
    lines,
    tail: Boolean(fields.tail),
    createdAt: now,
    openedAt: null,
  })
}

function purgeStale(backend: AkkerisBackend, now: number): void {
  const stale = backend.db.logSessions.findMany((q) => q.where((s) => s.openedAt === null && now - s.createdAt > SESSION_LIMITS.openWithin))
  for (const s of stale) backend.db.logSessions.delete(s)
}

/** Lines stamped in one second, in order; `refresh` picks up builds created since the last call. */
interface LineSource {
  lines(sec: number): string[]
  refresh(): void
}

/**
 * Claims a session for streaming and returns its lines as chunks. Unknown, used or expired
 * sessions throw `session_not_found`. The stream ends on abort, idle, max age or `tail: false`.
 */
export function openLogStream(backend: AkkerisBackend, sessionId: string, claimed: Set<string>, signal: AbortSignal): AsyncGenerator<string> {
  const now = backend.now()
  const session = backend.db.logSessions.findFirst((q) => q.where({ id: sessionId.toLowerCase() }))
  if (!session || claimed.has(session.id) || session.openedAt !== null || now - session.createdAt > SESSION_LIMITS.openWithin) {
    throw new SimError('session_not_found', { session: sessionId })
  }
  claimed.add(session.id)
  const source = session.target === 'app' ? appSource(backend, session.targetId) : siteSource(backend, session.targetId)
  return emit(backend, session, source, now, signal)
}

async function* emit(backend: AkkerisBackend, session: LogSessionRecord, source: LineSource, openedAt: number, signal: AbortSignal): AsyncGenerator<string> {
  const { clock } = backend.world
  const nowSec = Math.floor(openedAt / 1000)
  try {
    void backend.db.logSessions.update((q) => q.where({ id: session.id }), { data: (s) => void (s.openedAt = openedAt) }).catch(() => {})
    yield* chunksOf(lastLines(source, nowSec, session.lines))
    if (!session.tail) return
    const lastSecAllowed = Math.floor((openedAt + SESSION_LIMITS.maxOpen) / 1000)
    const idleSec = SESSION_LIMITS.idle / 1000
    let cursor = nowSec + 1
    let lastLineSec = nowSec
    while (cursor <= lastSecAllowed) {
      if (!(await clock.sleepUntil(cursor * 1000, signal))) return
      const upto = Math.min(Math.floor(clock.now() / 1000), lastSecAllowed)
      source.refresh()
      let batch: string[] = []
      for (; cursor <= upto; cursor++) {
        if (cursor - lastLineSec > idleSec) {
          yield* chunksOf(batch)
          return
        }
        const lines = source.lines(cursor)
        if (lines.length === 0) continue
        lastLineSec = cursor
        for (const line of lines) batch.push(line)
        if (batch.length >= CHUNK_LINES) {
          yield* chunksOf(batch)
          batch = []
          if (signal.aborted) return
        }
      }
      yield* chunksOf(batch)
    }
  } finally {
    backend.db.logSessions.delete((q) => q.where({ id: session.id }))
  }
}

function lastLines(source: LineSource, toSec: number, n: number): string[] {
  const chunks: string[][] = []
  let count = 0
  for (let sec = toSec; sec > toSec - BACKLOG_LOOKBACK_SEC && count < n; sec--) {
    const lines = source.lines(sec)
    if (lines.length) {
      chunks.push(lines)
      count += lines.length
    }
  }
  const all = chunks.reverse().flat()
  return all.slice(Math.max(0, all.length - n))
}

/** App lines: runtime traffic of the release running at that second, plus build and event lines. */
function appSource(backend: AkkerisBackend, appId: string): LineSource {
  const seed = backend.world.seed
  const app = backend.app(appId)
  const formations = backend.formations(app)
  let buildsKey = ''
  let releases: number[] = []
  let platform: Array<{ at: number; text: string }> = []
  const profiles = new Map<number, RuntimeAppProfile>()
  const refresh = () => {
    const builds = backend.builds(app)
    const key = builds.map((b) => b.id).join()
    if (key === buildsKey) return
    buildsKey = key
    releases = releaseTimes(builds)
    platform = platformLines(app, builds, backend.logs, formations)
  }
  refresh()
  const lines = (sec: number) => {
    let release = 0
    while (release < releases.length && releases[release] <= sec * 1000) release++
    let profile = profiles.get(release)
    if (!profile) profiles.set(release, (profile = runtimeProfile(seed, app, formations, release)))
    const runtime = runtimeLinesInSecond(profile, sec)
    const from = sec * 1000
    let i = lowerBound(platform, from)
    if (i >= platform.length || platform[i].at >= from + 1000) return runtime
    const out = runtime.slice()
    for (; i < platform.length && platform[i].at < from + 1000; i++) out.push(platform[i].text)
    return out
  }
  return { lines, refresh }
}

function siteSource(backend: AkkerisBackend, siteId: string): LineSource {
  const site = backend.site(siteId)
  const profile = {
    seed: backend.world.seed,
    domain: site.domain,
    routes: site.routes.map((r) => ({ path: r.path, appKey: appKey(backend.app(r.appId)) })),
    requestsPerMinute: site.requestsPerMinute,
  }
  return { lines: (sec) => siteLinesInSecond(profile, sec), refresh: () => {} }
}

function lowerBound(items: Array<{ at: number }>, at: number): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (items[mid].at < at) lo = mid + 1
    else hi = mid
  }
  return lo
}
