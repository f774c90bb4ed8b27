/**
 * What an Akkeris app looks like at a given time, derived from its stored builds: build status,
 * build output so far, releases (succeeded builds) and the dyno names each release runs, and the
 * platform lines (`akkeris/build:`, `akkeris/event:`) those builds produce.
 */
import { Lru } from '../../core/lru.js'
import { hash32 } from '../../core/random.js'
import { generateBuildLog, type BuildLog } from '../../simulation/akkeris/build-log.js'
import { formatBuildLine, formatEventLine, type RuntimeAppProfile } from '../../simulation/akkeris/runtime-log.js'
import type { AppRecord, BuildRecord, DynoRestartRecord, FormationRecord } from '../../state/akkeris.js'
import { restartEventTexts } from './dyno-history.js'

/** Build statuses as Akkeris reports them. */
export type BuildStatus = 'queued' | 'pending' | 'succeeded' | 'failed'

/** A build record with the fields derived from the clock. */
export interface BuildView extends BuildRecord {
  status: BuildStatus
  finishedAt: number
  updatedAt: number
}

const LOG_CACHE_LIMIT = 512
const FINISHED_CACHE_LIMIT = 65_536

/**
 * Caches generated build logs per world. A log is a pure function of the world's seed and the
 * build's fields, and the cache is keyed by all of them: it holds across resets (a reset of the
 * same world finds its logs again) and never serves a log made under another seed or for another
 * build that happened to get the same id.
 */
export class BuildLogs {
  #cache = new Map<string, BuildLog>()
  /** Finish times by the same key, kept for far more builds than whole logs: a list of apps needs only these. */
  #finished = new Lru<string, number>(FINISHED_CACHE_LIMIT)

  constructor(private readonly world: { readonly seed: number }) {}

  #input(app: AppRecord, build: BuildRecord) {
    return {
      seed: this.world.seed,
      buildId: build.id,
      appKey: appKey(app),
      stack: app.stack,
      outcome: build.outcome,
      repo: build.repo,
      branch: build.branch,
      sha: build.sha,
      startedAt: build.startedAt,
    }
  }

  /** The whole planned log of a build. */
  of(app: AppRecord, build: BuildRecord): BuildLog {
    const input = this.#input(app, build)
    const key = Object.values(input).join('\u0000')
    let log = this.#cache.get(key)
    if (!log) {
      log = generateBuildLog(input)
      if (this.#cache.size >= LOG_CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!)
      this.#cache.set(key, log)
      this.#finished.set(key, log.finishedAt)
    }
    return log
  }

  /** When the build finishes (generating its log only when not known). */
  finishedAt(app: AppRecord, build: BuildRecord): number {
    const key = Object.values(this.#input(app, build)).join('\u0000')
    return this.#finished.get(key) ?? this.of(app, build).finishedAt
  }

  /** The build as seen at `now`. */
  view(app: AppRecord, build: BuildRecord, now: number): BuildView {
    const finishedAt = this.finishedAt(app, build)
    const status: BuildStatus =
      now < build.startedAt ? 'queued' : now < finishedAt ? 'pending' : build.outcome
    const updatedAt = status === 'queued' ? build.createdAt : status === 'pending' ? build.startedAt : finishedAt
    return { ...build, status, finishedAt, updatedAt }
  }

  /** Output lines that have appeared by `now` (none while queued). */
  linesAt(app: AppRecord, build: BuildRecord, now: number): string[] {
    if (now < build.startedAt) return []
    const out: string[] = []
    for (const line of this.of(app, build).lines) {
      if (line.at > now) break
      out.push(line.text)
    }
    return out
  }
}

/** `<name>-<space>`, the app's key in URLs and log lines. */
export function appKey(app: Pick<AppRecord, 'name' | 'space'>): string {
  return `${app.name}-${app.space}`
}

const POD_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

function podChars(h: number, n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) {
    out += POD_ALPHABET[(h >>> 0) % POD_ALPHABET.length]
    h = hash32(h, i)
  }
  return out
}

/** The same pod with a new 5-character suffix drawn from `h` (Kubernetes' replacement of one pod). */
export function podSuffix(instance: string, h: number): string {
  return `${instance.slice(0, instance.lastIndexOf('-'))}-${podChars(h, 5)}`
}

/** Kubernetes-style instance names (`web.5d8f6b9c7-x2x7z`) for one generation (a release, or a restart within it) of a formation. */
export function dynoNames(seed: number, appId: string, formation: Pick<FormationRecord, 'type' | 'quantity'>, release: number | string): string[] {
  const rs = hash32(seed, appId, formation.type, 'rs', release).toString(16).padStart(8, '0').slice(0, 9)
  const names: string[] = []
  for (let i = 0; i < formation.quantity; i++) {
    names.push(`${formation.type}.${rs}${podChars(hash32(seed, appId, formation.type, release), 1)}-${podChars(hash32(seed, appId, formation.type, release, i), 5)}`)
  }
  return names
}

/** Finish times of the app's succeeded builds (its releases), ascending. */
export function releaseTimes(views: BuildView[]): number[] {
  return views
    .filter((b) => b.outcome === 'succeeded')
    .map((b) => b.finishedAt)
    .sort((a, b) => a - b)
}

/** The runtime-log profile of an app while the given dynos serve it. */
export function runtimeProfile(seed: number, app: AppRecord, formations: FormationRecord[], serving: ReadonlyArray<{ type: string; instance: string }>): RuntimeAppProfile {
  const dynos = serving.map((d) => ({ type: d.type, instance: d.instance }))
  const hasWeb = formations.some((f) => f.type === 'web' && f.quantity > 0)
  return { seed, appKey: appKey(app), stack: app.stack, dynos, requestsPerMinute: hasWeb ? app.requestsPerMinute : 0 }
}

/** Platform lines of an app's builds, releases and user restarts, each with its time, in time order. */
export function platformLines(app: AppRecord, views: BuildView[], logs: BuildLogs, formations: FormationRecord[], restarts: DynoRestartRecord[] = []): Array<{ at: number; text: string }> {
  const key = appKey(app)
  const out: Array<{ at: number; text: string }> = []
  let release = 0
  for (const build of [...views].sort((a, b) => a.startedAt - b.startedAt)) {
    out.push({ at: build.startedAt, text: formatEventLine(key, build.startedAt, 'Slug compilation started') })
    for (const line of logs.of(app, build).lines) out.push({ at: line.at, text: formatBuildLine(key, line.at, line.text) })
    const ok = build.outcome === 'succeeded'
    out.push({ at: build.finishedAt, text: formatEventLine(key, build.finishedAt, ok ? 'Slug compilation finished' : 'Slug compilation failed') })
    if (ok) {
      release++
      for (const f of formations.filter((x) => x.quantity > 0)) {
        out.push({ at: build.finishedAt + 1000, text: formatEventLine(key, build.finishedAt + 1000, `Restarting ${f.type} (release v${release}: ${build.sha.slice(0, 7)})`) })
      }
    }
  }
  for (const r of restarts) for (const text of restartEventTexts(r, formations)) out.push({ at: r.at, text: formatEventLine(key, r.at, text) })
  return out.sort((a, b) => a.at - b.at)
}
