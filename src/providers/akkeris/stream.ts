/**
 * Akkeris log sessions: creation with the API's validation, and the stream behind `logplex_url` —
 * the last `lines` lines, then (with `tail`) new lines as simulated time passes. Lifetimes: open
 * within 5 minutes, 60 s idle ends it, 30 minutes at most, single use.
 */
import { SimError } from '../../core/errors.js'
import { nextTurn } from '../../core/timers.js'
import { uuid } from '../../core/ids.js'
import type { ByteSource } from '../../core/secrets.js'
import { scratchLines } from '../../simulation/akkeris/line-buffer.js'
import type { AkkerisCollections, AppRecord, LogSessionRecord, SiteRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { appLineSource, siteLineSource, type LineSource } from './line-sources.js'

/** Lifetimes of a log session, in ms. */
export const SESSION_LIMITS = { openWithin: 5 * 60_000, idle: 60_000, maxOpen: 30 * 60_000 } as const

const MAX_LINES = 250
const BACKLOG_LOOKBACK_SEC = 6 * 3600
/**
 * A batch of lines is written a chunk a line (the official CLI filters, `-d web` or `-s source`,
 * whole chunks). Batches end at about this many bytes, so what a stream holds, and what a slow
 * client leaves buffered, stays small; a stream still seconds behind the clock is catching up
 * after a jump, and its full batches go out joined (in writes a plain writer would make).
 */
const BATCH_BYTES = 32 * 1024

/** Validates the `{lines, tail}` body (422 texts) and stores a new session, its id drawn from `ids` (default: the world's seeded draws). */
export async function createLogSession(backend: AkkerisBackend, target: { app: AppRecord } | { site: SiteRecord }, body: unknown, ids: ByteSource = backend.world.random): Promise<LogSessionRecord> {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const lines = fields.lines
  if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 1) throw new SimError('invalid_lines')
  if (lines > MAX_LINES) throw new SimError('lines_too_large')
  const now = backend.now()
  purgeStale(backend, now)
  const session = await backend.db.logSessions.create({
    id: uuid(ids),
    target: 'app' in target ? 'app' : 'site',
    targetId: 'app' in target ? target.app.id : target.site.id,
    lines,
    tail: Boolean(fields.tail),
    createdAt: now,
    openedAt: null,
  })
  backend.lookup.sessions.set(session.id, session)
  return session
}

/** Sessions never opened in time are dropped, in one pass per simulated minute at most (creating one must stay cheap). */
function purgeStale(backend: AkkerisBackend, now: number): void {
  const purge = backend.lookup.sessionPurge
  if (now >= purge.last && now - purge.last < 60_000) return
  purge.last = now
  for (const s of backend.lookup.sessions.values()) {
    if (s.openedAt === null && now - s.createdAt > SESSION_LIMITS.openWithin) forget(backend, s)
  }
}

/** A log session as the collection stores it: the index holds the collection's own objects. */
type StoredLogSession = Awaited<ReturnType<AkkerisCollections['logSessions']['create']>>

function forget(backend: AkkerisBackend, session: LogSessionRecord): void {
  if (backend.lookup.sessions.get(session.id) !== session) return
  backend.lookup.sessions.delete(session.id)
  backend.db.logSessions.delete(session as StoredLogSession)
}


/**
 * Claims a session for streaming and returns its lines as chunks. Unknown, used or expired
 * sessions throw `session_not_found`. The stream ends on abort, idle, max age or `tail: false`.
 */
export function openLogStream(backend: AkkerisBackend, sessionId: string, claimed: Set<string>, signal: AbortSignal): AsyncGenerator<string[] | Uint8Array> {
  const now = backend.now()
  const session = backend.lookup.sessions.get(sessionId.toLowerCase())
  if (!session || claimed.has(session.id) || session.openedAt !== null || now - session.createdAt > SESSION_LIMITS.openWithin) {
    throw new SimError('session_not_found', { session: sessionId })
  }
  claimed.add(session.id)
  // recorded in place: the record is the store's own object, and an update() would scan the store
  session.openedAt = now
  const source = session.target === 'app' ? appLineSource(backend, session.targetId) : siteLineSource(backend, session.targetId)
  return emit(backend, session, source, now, signal)
}

async function* emit(backend: AkkerisBackend, session: LogSessionRecord, source: LineSource, openedAt: number, signal: AbortSignal): AsyncGenerator<string[] | Uint8Array> {
  const { clock } = backend.world
  const nowSec = Math.floor(openedAt / 1000)
  // Lines are written as bytes into the shared scratch buffer and taken out as text before every
  // yield and wait: a held stream holds only its cursor, not a batch.
  const w = scratchLines()
  let mark = w.mark()
  /** The batch as one piece of text, in bytes (a catch-up's full batch goes out joined). */
  const text = (): Uint8Array => {
    const out = w.bytes(mark)
    w.rewind(mark)
    return out
  }
  /** The batch a line each. */
  const lines = (): string[] => {
    const out = w.lineArray(mark)
    w.rewind(mark)
    return out
  }
  try {
    let backlog: string[] | undefined = await lastLines(source, nowSec, session.lines, () => nextTurn().then(() => !signal.aborted))
    if (signal.aborted) return
    if (backlog.length) yield backlog
    backlog = undefined
    if (!session.tail) return
    const lastSecAllowed = Math.floor((openedAt + SESSION_LIMITS.maxOpen) / 1000)
    const idleSec = SESSION_LIMITS.idle / 1000
    let cursor = nowSec + 1
    let lastLineSec = nowSec
    const wakeEvery = clock.wakeStep(1000) / 1000
    while (cursor <= lastSecAllowed) {
      // the next second due, or a few at once on a fast clock (see Clock.wakeStep)
      if (!(await clock.sleepUntil(Math.min(cursor + wakeEvery - 1, lastSecAllowed) * 1000, signal))) return
      // woken by the clock: the lines are made in the consumer's next turn, not in the timer that woke us
      yield []
      const upto = Math.min(Math.floor(clock.now() / 1000), lastSecAllowed)
      source.refresh()
      mark = w.mark()
      for (; cursor <= upto; cursor++) {
        if (cursor - lastLineSec > idleSec) {
          if (w.len > mark.len) yield lines()
          return
        }
        const before = w.lines
        source.write(cursor, w)
        if (w.lines === before) continue
        lastLineSec = cursor
        // the batch's size in UTF-16 units (a line's length and its newline), as it always was counted
        if (w.chars - mark.chars >= BATCH_BYTES) {
          yield cursor < upto ? text() : lines()
          if (signal.aborted) return
          mark = w.mark()
        }
      }
      if (w.len > mark.len) yield lines()
    }
  } finally {
    w.rewind(mark)
    forget(backend, session)
  }
}

/** Seconds a backlog's look-back scans between two turns of the event loop. */
const SCAN_WINDOW_SEC = 1024

/**
 * The last `n` lines stamped at or before `toSec`, looking back at most 6 hours. A quiet app may
 * need hours of seconds scanned: the scan pauses (`pause()`; `false` ends it) every
 * {@link SCAN_WINDOW_SEC} seconds so the event loop is never held for long. The lines found are kept
 * with the app's timeline and extended forward, so a thousand sessions opened on it under load scan
 * each second once; of two scans that overlap, the later one's lines are kept.
 */
async function lastLines(source: LineSource, toSec: number, n: number, pause: () => Promise<boolean>): Promise<string[]> {
  const backlog = source.backlog
  let lines: string[] = []
  let secs: number[] = []
  let scanned = 0
  if (backlog.toSec === undefined || toSec < backlog.toSec || toSec - backlog.toSec >= BACKLOG_LOOKBACK_SEC) {
    const found: Array<[number, string[]]> = []
    let count = 0
    for (let sec = toSec; sec > toSec - BACKLOG_LOOKBACK_SEC && count < MAX_LINES; sec--) {
      if (++scanned % SCAN_WINDOW_SEC === 0 && !(await pause())) return []
      const made = source.lines(sec)
      if (made.length) {
        found.push([sec, made])
        count += made.length
      }
    }
    for (let i = found.length - 1; i >= 0; i--) for (const line of found[i][1]) secs.push(found[i][0]), lines.push(line)
  } else {
    ;[lines, secs] = [backlog.lines.slice(), backlog.secs.slice()]
    for (let sec = backlog.toSec + 1; sec <= toSec; sec++) {
      if (++scanned % SCAN_WINDOW_SEC === 0 && !(await pause())) return []
      for (const line of source.lines(sec)) secs.push(sec), lines.push(line)
    }
  }
  // keep what a later session can use: the latest MAX_LINES lines within the lookback
  let drop = Math.max(0, lines.length - MAX_LINES)
  while (drop < secs.length && secs[drop] <= toSec - BACKLOG_LOOKBACK_SEC) drop++
  if (drop > 0) {
    lines.splice(0, drop)
    secs.splice(0, drop)
  }
  if (backlog.toSec === undefined || backlog.toSec <= toSec) [backlog.lines, backlog.secs, backlog.toSec] = [lines, secs, toSec]
  return lines.slice(Math.max(0, lines.length - n))
}
