/**
 * Where Akkeris log lines come from, second by second: an app's (runtime traffic of the dynos serving
 * then, builds, releases and crashes) and a site's (router lines). Log sessions and drains read
 * them; an app's streams share what the lines are made from and the lines of recent seconds.
 */
import { SharedLines } from '../../core/shared-lines.js'
import { type LineBuffer, type TakenLines } from '../../simulation/akkeris/line-buffer.js'
import { runtimeLinesInSecond, siteLinesInSecond, writeRuntimeSecond, type RuntimeAppProfile } from '../../simulation/akkeris/runtime-log.js'
import type { AppRecord, FormationRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { epochAt, type DynoEpoch } from './dyno-history.js'
import { appDynoCrashes, crashLines, downDuring, type DynoCrash } from './crashes.js'
import { appDynoHistory, dynoRestarts } from './dynos.js'
import { appKey, platformLines, runtimeProfile } from './timeline.js'

/** The latest lines of a source up to `toSec`, with their seconds: shared by the source's sessions. */
export interface Backlog {
  toSec: number | undefined
  lines: string[]
  secs: number[]
}

/** Lines stamped in one second, in order; `refresh` picks up builds created since the last call. */
export interface LineSource {
  lines(sec: number): string[]
  /** Writes the lines of `sec` into `w`, each ended by a newline (the same lines as {@link lines}). */
  write(sec: number, w: LineBuffer): void
  refresh(): void
  /** The source's backlog, valid for its lines as they are now. */
  readonly backlog: Backlog
}

/**
 * App lines: runtime traffic of the dynos serving at that second, plus build and event lines (log
 * sessions and drains read them).
 * What the lines are made from (release times, platform lines, runtime profiles) is shared by
 * every stream of the app through the backend's memo: a stream holds only its cursor.
 */
export function appLineSource(backend: AkkerisBackend, appId: string): LineSource {
  const seed = backend.world.seed
  const app = backend.app(appId)
  const formations = backend.formations(app)
  let timeline = appTimeline(backend, app, formations)
  /** Profiles by dyno epoch, shared with the app's other streams through the memo. */
  let profiles: RuntimeAppProfile[] = []
  // a thousand tails of one app read the same recent seconds: the first to ask makes them
  const lines = (sec: number) => timeline.recent.get(sec, () => linesOf(sec))
  const linesOf = (sec: number) => {
    const { epochs, platform, key, crashes } = timeline
    const epoch = epochAt(epochs, sec * 1000)
    const profile = (profiles[epoch] ??= backend.remember(`runtime-profile:${key}:${epoch}`, () => runtimeProfile(seed, app, formations, epochs[epoch].dynos)))
    const from = sec * 1000
    const runtime = crashes.length ? withoutDownDynos(runtimeLinesInSecond(profile, sec), profile.dynos, crashes, from) : runtimeLinesInSecond(profile, sec)
    let i = lowerBound(platform, from)
    if (i >= platform.length || platform[i].at >= from + 1000) return runtime
    const out = runtime.slice()
    for (; i < platform.length && platform[i].at < from + 1000; i++) out.push(platform[i].text)
    return out
  }
  // the same seconds as bytes, for streams writing them (a thousand tails copy what the first made)
  const write = (sec: number, w: LineBuffer) => {
    const [made] = timeline.recentBytes.get(sec, () => {
      const mark = w.mark()
      writeOf(sec, w)
      const taken = w.take(mark)
      w.rewind(mark)
      return [taken]
    })
    w.put(made)
  }
  const writeOf = (sec: number, w: LineBuffer) => {
    const { epochs, platform, key, crashes } = timeline
    if (crashes.length) return writeLines(w, lines(sec))
    const epoch = epochAt(epochs, sec * 1000)
    const profile = (profiles[epoch] ??= backend.remember(`runtime-profile:${key}:${epoch}`, () => runtimeProfile(seed, app, formations, epochs[epoch].dynos)))
    writeRuntimeSecond(profile, sec, w)
    const from = sec * 1000
    for (let i = lowerBound(platform, from); i < platform.length && platform[i].at < from + 1000; i++) {
      w.s(platform[i].text)
      w.nl()
    }
  }
  const refresh = () => {
    const next = appTimeline(backend, app, formations)
    if (next !== timeline) [timeline, profiles] = [next, []]
  }
  return {
    lines,
    write,
    refresh,
    get backlog() {
      return timeline.backlog
    },
  }
}

/** A second's runtime lines without those of dynos down after a crash (their traffic stops). */
function withoutDownDynos(lines: string[], dynos: RuntimeAppProfile['dynos'], crashes: DynoCrash[], ms: number): string[] {
  const down = dynos.filter((d) => downDuring(crashes, d.instance, ms)).map((d) => d.instance)
  if (down.length === 0) return lines
  return lines.filter((l) => !down.some((i) => l.includes(`app[${i}]`) || l.includes(`dyno=${i} `)))
}

/** At most how many seconds of an app's lines, and lines in all, its streams share (a few minutes of a quiet app, seconds of a busy one). */
const RECENT_SECONDS = 512
const RECENT_LINES = 8192

/** What an app's streams share while its builds, restarts and crashes stay as they are. */
interface AppTimeline {
  key: string
  epochs: DynoEpoch[]
  crashes: DynoCrash[]
  platform: Array<{ at: number; text: string }>
  backlog: Backlog
  /** The lines of the seconds read most recently, by second; and as bytes, for streams writing them. */
  recent: SharedLines<number, string>
  recentBytes: SharedLines<number, TakenLines>
}

/** Dyno epochs (releases and restarts), crashes, platform lines and the backlog of an app, made once per set of builds, restarts and crashes. */
function appTimeline(backend: AkkerisBackend, app: AppRecord, formations: FormationRecord[]): AppTimeline {
  const records = backend.lookup.builds(app.id)
  const restarts = dynoRestarts(backend, app)
  const crashes = appDynoCrashes(backend, app)
  const key = `${app.id}:${records.length}:${records.at(-1)?.id}:${restarts.length}:${crashes.length}`
  return backend.remember(`timeline:${key}`, () => {
    const builds = backend.plannedBuilds(app)
    const platform = platformLines(app, builds, backend.logs, formations, restarts)
    const all = crashes.length ? [...platform, ...crashLines(app, crashes)].sort((a, b) => a.at - b.at) : platform
    return { key, epochs: appDynoHistory(backend, app), crashes, platform: all, backlog: { toSec: undefined, lines: [], secs: [] }, recent: new SharedLines(RECENT_SECONDS, RECENT_LINES), recentBytes: new SharedLines(RECENT_SECONDS, RECENT_LINES, ([made]) => made.lines) }
  })
}

/** A site's router lines (log sessions and drains read them). */
export function siteLineSource(backend: AkkerisBackend, siteId: string): LineSource {
  const site = backend.site(siteId)
  const profile = {
    seed: backend.world.seed,
    domain: site.domain,
    routes: site.routes.map((r) => ({ path: r.path, appKey: appKey(backend.app(r.appId)) })),
    requestsPerMinute: site.requestsPerMinute,
  }
  const backlog = backend.remember(`site-backlog:${site.id}:${profile.routes.map((r) => r.appKey).join()}`, (): Backlog => ({ toSec: undefined, lines: [], secs: [] }))
  const lines = (sec: number) => siteLinesInSecond(profile, sec)
  return { lines, write: (sec, w) => writeLines(w, lines(sec)), refresh: () => {}, backlog }
}

function writeLines(w: LineBuffer, lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    w.s(lines[i])
    w.nl()
  }
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
