/**
 * Live and archived log streams behind the signed URLs. Producers yield batches of lines; the
 * HTTP side writes them as text, the WebSocket side as `{"data": "<line>\n"}` frames.
 */
import { SimError } from '../../core/errors.js'
import { nextTurn } from '../../core/timers.js'
import { crashLastLines, nextRestartAfter, restartParams, restartTimes, type DoLine } from '../../simulation/digitalocean/index.js'
import type { StreamFault } from '../../faults/types.js'
import type { Simulation } from '../../sim.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'
import { finiteLines, lastLines, restartedLines, runLines, runProfiles, RUN_BACKLOG_ALL, sharedRunLines } from './log-content.js'
import { readTicket, type LogTicket } from './log-urls.js'

/** Lines per batch: a bounded turn of work for the stream pumps, and little for a slow client to leave buffered. */
const CHUNK = 256
const CATCH_UP_WINDOW_MS = 2000

function textOf(lines: DoLine[], from: number, to: number): string[] {
  const out = new Array<string>(to - from)
  for (let i = from; i < to; i++) out[i - from] = lines[i].text
  return out
}

/** The ticket of a live/archive URL; expired, revoked or forged → `forbidden`, unknown resources → `not_found`. */
export function ticketFor(sim: Simulation, token: string | null): { ticket: LogTicket; deployment: DeploymentView } {
  const backend = sim.backends.digitalocean
  const ticket = readTicket(sim.logUrlKey, token)
  if (!ticket || backend.now() > ticket.expires || sim.revokedLogUrls.has(token!)) throw new SimError('forbidden')
  const app = backend.app(ticket.app)
  return { ticket, deployment: backend.deployment(app, ticket.deployment) }
}

/** Makes a live or archive URL invalid from now on (an `expire` fault): it then answers 403 as an expired one does. */
export function revokeLogUrl(sim: Simulation, token: string | null, ticket: LogTicket): void {
  if (token) sim.revokedLogUrls.revoke(token, ticket.expires, sim.clock.now())
}

/** The operation id of a live-logs WebSocket (upgrades bypass the HTTP pipeline; fault rules name it). */
export const LIVE_SOCKET_OPERATION = 'live_logs.socket'

/** The stream fault a rule decides for a live-logs WebSocket being opened with `ticket`, if any (rules may name its app and component). */
export function liveSocketFault(sim: Simulation, ticket: LogTicket): StreamFault | undefined {
  const request = { provider: 'digitalocean', operationId: LIVE_SOCKET_OPERATION, method: 'GET', app: ticket.app, component: ticket.component || undefined }
  return sim.faults.decide(request)?.stream
}

const tailOf = (lines: DoLine[], n: number) => (n >= 0 ? lines.slice(Math.max(0, lines.length - n)) : lines)

/**
 * The archive's text in chunks: everything the ticket covers as of its `upto` time. The world is
 * read now; RUN lines are then generated in windows with a turn of the event loop between them (so
 * a 1,000-line archive never holds the loop for long) and cut into {@link CHUNK}-line chunks. The
 * whole text is ready before the head goes out, so the answer carries its Content-Length, as an
 * object store's does.
 */
export async function archiveChunks(backend: DigitalOceanBackend, ticket: LogTicket, d: DeploymentView, signal: AbortSignal): Promise<string[]> {
  const lines = snapshot(backend, ticket, d, ticket.upto ?? backend.now())
  const all = await lines(turnsUntil(signal))
  const chunks: string[] = []
  if (signal.aborted) return chunks
  for (let i = 0; i < all.length; i += CHUNK) chunks.push(textOf(all, i, Math.min(all.length, i + CHUNK)).join('\n') + '\n')
  return chunks
}

/** A pause between windows of work: a turn of the event loop, then whether the client is still there. */
const turnsUntil = (signal: AbortSignal) => () => nextTurn().then(() => !signal.aborted)

/**
 * The lines a ticket covers as of `at` (the archive, and a live stream's backlog): what to generate
 * is read from the world at once, the generating itself is paced by the `pause` it is given.
 */
function snapshot(backend: DigitalOceanBackend, ticket: LogTicket, d: DeploymentView, at: number): (pause: () => Promise<boolean>) => Promise<DoLine[]> {
  const app = backend.app(ticket.app)
  if (ticket.type === 'RUN' || ticket.type === 'UNSPECIFIED') {
    const until = Math.min(at, supersededAt(backend, d, at))
    const profiles = runProfiles(backend, app, d, ticket)
    return (pause) => lastLines(profiles, until, ticket.tail >= 0 ? ticket.tail : RUN_BACKLOG_ALL, pause)
  }
  if (ticket.type === 'RUN_RESTARTED') {
    const profiles = runProfiles(backend, app, d, ticket)
    return (pause) => restartedLines(profiles, at, ticket.tail, pause)
  }
  const lines = tailOf(finiteLines(backend, app, d, ticket, at), ticket.tail)
  return async () => lines
}

const following = new WeakMap<DigitalOceanBackend, Map<string, number>>()

/** How many live RUN streams follow each app, deployment and component of a backend. */
function followersOf(backend: DigitalOceanBackend): Map<string, number> {
  let map = following.get(backend)
  if (!map) following.set(backend, (map = new Map()))
  return map
}

/** How far back a live RUN backlog looks among the seconds live streams share: a second, then four times as far, up to a minute. */
const RECENT_BACKLOG_MS = [1_000, 4_000, 16_000, 60_000]

/**
 * A live RUN backlog from the seconds the app's live streams share, when the last minute holds
 * enough lines (the same lines {@link snapshot} would find: they are the latest); else undefined.
 * A thousand sockets opened on one app then cost a lookup each, not a look-back each.
 */
function recentRunBacklog(backend: DigitalOceanBackend, ticket: LogTicket, d: DeploymentView, at: number): DoLine[] | undefined {
  if (ticket.type !== 'RUN' && ticket.type !== 'UNSPECIFIED') return undefined
  const n = ticket.tail >= 0 ? ticket.tail : RUN_BACKLOG_ALL
  if (n === 0) return []
  const until = Math.min(at, supersededAt(backend, d, at))
  const profiles = runProfiles(backend, backend.app(ticket.app), d, ticket)
  // a busy app has its lines in the last second; a quiet one needs more of them (each made once)
  for (const span of RECENT_BACKLOG_MS) {
    const lines = sharedRunLines(backend, profiles, until - span, until)
    if (lines.length >= n) return lines.slice(lines.length - n)
  }
  return undefined
}

function supersededAt(backend: DigitalOceanBackend, d: DeploymentView, at: number): number {
  const app = backend.app(d.record.appId)
  const later = backend.deployments(app, at).filter((x) => x.record.createdAt > d.record.createdAt && x.timeline.activeAt !== undefined && x.timeline.activeAt <= at)
  return later.length ? Math.min(...later.map((x) => x.timeline.activeAt!)) : Infinity
}

/** The live stream of a ticket: the backlog, then (with `follow`) new lines as the clock moves. */
export async function* liveLines(sim: Simulation, ticket: LogTicket, d: DeploymentView, signal: AbortSignal): AsyncGenerator<string[]> {
  const backend = sim.backends.digitalocean
  const { clock } = sim
  const app = backend.app(ticket.app)
  const run = ticket.type === 'RUN' || ticket.type === 'UNSPECIFIED'
  if (run && ticket.follow && (d.timeline.activeAt === undefined || d.timeline.activeAt > clock.now())) {
    // pod_connection_timeout: wait for the instances to come up, or give up (a failing deployment's never do)
    const deadline = clock.now() + ticket.podWait
    if (d.timeline.activeAt === undefined || d.timeline.activeAt > deadline) {
      await clock.sleepUntil(deadline, signal)
      return
    }
    if (!(await clock.sleepUntil(d.timeline.activeAt, signal))) return
  }
  let cursor = clock.now()
  const backlog = recentRunBacklog(backend, ticket, d, cursor) ?? (await snapshot(backend, ticket, d, cursor)(turnsUntil(signal)))
  if (signal.aborted) return
  for (let i = 0; i < backlog.length; i += CHUNK) yield backlog.slice(i, i + CHUNK).map((l) => l.text)
  if (!ticket.follow) return
  const wakeEvery = clock.wakeStep(1000)
  if (run) {
    // a stream alone on its app and component makes its own lines: keeping seconds pays only when others read them too
    const followers = followersOf(backend)
    const key = `${ticket.app}\n${ticket.deployment}\n${ticket.component}`
    followers.set(key, (followers.get(key) ?? 0) + 1)
    try {
      for (;;) {
        if (!(await clock.sleepUntil(Math.floor(cursor / 1000) * 1000 + wakeEvery, signal))) return
        // woken by the clock: the lines are made in the consumer's next turn, not in the timer that woke us
        yield []
        // read afresh: an incident started meanwhile changes what the instances write from now on
        const profiles = runProfiles(backend, app, d, ticket)
        const now = clock.now()
        const end = supersededAt(backend, d, now)
        const to = Math.min(now, end)
        // short windows keep each batch young for the garbage collector during a long catch-up
        for (let from = cursor; from < to; from += CATCH_UP_WINDOW_MS) {
          const until = Math.min(to, from + CATCH_UP_WINDOW_MS)
          const lines = followers.get(key)! > 1 ? sharedRunLines(backend, profiles, from, until) : runLines(profiles, from, until)
          for (let i = 0; i < lines.length; i += CHUNK) yield textOf(lines, i, Math.min(lines.length, i + CHUNK))
          if (signal.aborted) return
        }
        cursor = to
        if (end <= now) return
      }
    } finally {
      const left = followers.get(key)! - 1
      if (left > 0) followers.set(key, left)
      else followers.delete(key)
    }
  }
  if (ticket.type === 'RUN_RESTARTED') {
    const n = ticket.tail >= 0 ? ticket.tail : 40
    for (;;) {
      // wake at the next planned restart, or after a while: an incident may plan an earlier one
      const profiles = runProfiles(backend, app, d, ticket)
      let next = Infinity
      for (const p of profiles) for (const instance of p.instances) next = Math.min(next, nextRestartAfter(restartParams(p, instance), cursor) ?? Infinity)
      if (!(await clock.sleepUntil(Math.min(next, Math.floor(cursor / 1000) * 1000 + wakeEvery), signal))) return
      const now = clock.now()
      const due: Array<{ at: number; lines: DoLine[] }> = []
      for (const p of runProfiles(backend, app, d, ticket)) {
        for (const instance of p.instances) {
          for (const at of restartTimes(restartParams(p, instance), cursor + 1, now + 1)) due.push({ at, lines: crashLastLines(p, instance, at, n) })
        }
      }
      cursor = now
      due.sort((a, b) => a.at - b.at)
      for (const restart of due) yield restart.lines.map((l) => l.text)
    }
  }
  const all = finiteLines(backend, app, d, ticket, Infinity)
  let i = all.findIndex((l) => l.at > cursor)
  if (i < 0) return
  while (i < all.length) {
    if (!(await clock.sleepUntil(all[i].at, signal))) return
    const now = clock.now()
    const batch: string[] = []
    while (i < all.length && all[i].at <= now) batch.push(all[i++].text)
    yield batch
  }
}

/** Joins a batch as text lines for the HTTP live stream. */
export async function* asText(batches: AsyncGenerator<string[]>): AsyncGenerator<string> {
  for await (const batch of batches) if (batch.length) yield batch.join('\n') + '\n'
}
