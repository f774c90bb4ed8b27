/**
 * Akkeris runtime log traffic (app output and router lines) as a pure function of
 * (profile, second): nothing is stored, any second can be regenerated on demand, and asking for
 * seconds in any order gives the same lines.
 *
 * @see ../../../../shared/reference/akkeris.md "Log-session body and stream"
 */
import { hash32 } from '../../core/random.js'
import type { Stack } from '../types.js'
import { KeyedStream, poisson, stampSecond, type SecondStamp } from './format.js'
import { piece, renderUuid, scratchLines, type LineBuffer } from './line-buffer.js'
import { writeJobLines, writeWarning } from './runtime-jobs.js'
import { dynoInfo, type DynoInfo } from './runtime-messages.js'
import { writeRequestLines } from './runtime-requests.js'
import { compileApp, drawRequest, originPiece, writePath, type CompiledApp } from './runtime-profile.js'
import { DEFAULT_LOOKBACK_SEC, LoadModel, MAX_REQUESTS_PER_SECOND, collectLast } from './runtime-traffic.js'

/** Line formatting helpers and site traffic, re-exported so callers need one import. */
export { akkerisTimestamp, formatBuildLine, formatEventLine } from './format.js'
export { lastSiteLines, siteLinesBetween, siteLinesInSecond, type SiteProfile } from './site-log.js'

/** One running process of an app. */
export interface RuntimeDyno {
  /** Formation type: `web`, `worker`, … */
  type: string
  /** `<type>.<pod-suffix>`, e.g. `web.5d8f6b9c7-x2x7z`. */
  instance: string
}

/** What decides an app's runtime traffic (an edit in place is noticed on the next call). */
export interface RuntimeAppProfile {
  seed: number
  /** `<name>-<space>`, e.g. `api-default`. */
  appKey: string
  stack: Stack
  dynos: RuntimeDyno[]
  /** Average router traffic to the web dynos (daily mean); 0 for none. */
  requestsPerMinute: number
}

interface CompiledRuntime {
  app: CompiledApp
  web: DynoInfo[]
  others: DynoInfo[]
  routerPrefix: string
  perSecond: number
  model: LoadModel
  rng: KeyedStream
  /** The request id being written, rendered once (a request's lines repeat it). */
  requestId: Uint8Array
  events: SideEvent[]
  snapshot: { seed: number; appKey: string; stack: Stack; rpm: number; dynos: string[] }
}

const compiled = new WeakMap<RuntimeAppProfile, CompiledRuntime>()

function dynoSnapshot(profile: RuntimeAppProfile): string[] {
  return profile.dynos.map((d) => d.type + '\u0000' + d.instance)
}

function isCurrent(rt: CompiledRuntime, p: RuntimeAppProfile): boolean {
  const s = rt.snapshot
  if (s.seed !== p.seed || s.appKey !== p.appKey || s.stack !== p.stack || s.rpm !== p.requestsPerMinute) return false
  if (s.dynos.length !== p.dynos.length) return false
  for (let i = 0; i < p.dynos.length; i++) if (s.dynos[i] !== p.dynos[i].type + '\u0000' + p.dynos[i].instance) return false
  return true
}

/** Recently compiled profiles by content, for callers that build a fresh profile object per call. */
const bySignature = new Map<string, CompiledRuntime>()
const SIGNATURE_CACHE_SIZE = 64

function compileRuntime(p: RuntimeAppProfile): CompiledRuntime {
  const hit = compiled.get(p)
  if (hit && isCurrent(hit, p)) return hit
  const signature = `${p.seed}\u0000${p.appKey}\u0000${p.stack}\u0000${p.requestsPerMinute}\u0000${dynoSnapshot(p).join('\u0000')}`
  const known = bySignature.get(signature)
  if (known) {
    compiled.set(p, known)
    return known
  }
  const rt = buildRuntime(p)
  if (bySignature.size >= SIGNATURE_CACHE_SIZE) bySignature.delete(bySignature.keys().next().value as string)
  bySignature.set(signature, rt)
  compiled.set(p, rt)
  return rt
}

function buildRuntime(p: RuntimeAppProfile): CompiledRuntime {
  const name = p.appKey.split('-')[0]
  const toInfo = (d: RuntimeDyno): DynoInfo => {
    const suffix = d.instance.slice(d.instance.indexOf('.') + 1)
    return dynoInfo(p.appKey, d.type, d.instance, d.type === 'web' ? `${name}-${suffix}` : `${name}--${d.type}-${suffix}`)
  }
  const rpm = Math.max(0, Number.isFinite(p.requestsPerMinute) ? p.requestsPerMinute : 0)
  const rt: CompiledRuntime = {
    app: compileApp(p.seed, p.appKey, p.stack, rpm),
    web: p.dynos.filter((d) => d.type === 'web').map(toInfo),
    others: p.dynos.filter((d) => d.type !== 'web').map(toInfo),
    routerPrefix: ` ${p.appKey} akkeris/router: bytes=`,
    perSecond: rpm / 60,
    model: new LoadModel(p.seed, p.appKey),
    rng: new KeyedStream(0),
    requestId: new Uint8Array(36),
    events: [],
    snapshot: { seed: p.seed, appKey: p.appKey, stack: p.stack, rpm: p.requestsPerMinute, dynos: dynoSnapshot(p) },
  }
  return rt
}

const TOTAL = piece('ms total=')

/** A side event of a second (a job run or a warning), ordered by its millisecond. */
interface SideEvent {
  ms: number
  dyno: DynoInfo
  warning: boolean
}

function addSide(events: SideEvent[], ms: number, dyno: DynoInfo, warning: boolean): void {
  const ev = { ms, dyno, warning }
  let i = events.length
  events.push(ev)
  while (i > 0 && events[i - 1].ms > ms) {
    events[i] = events[i - 1]
    i--
  }
  events[i] = ev
}

/** Fills `rt.events` with this second's jobs and rare warnings; returns how many. */
function drawSideEvents(rt: CompiledRuntime, rng: KeyedStream, load: number): number {
  const events = rt.events
  events.length = 0
  const others = rt.others
  for (let d = 0; d < others.length; d++) {
    const jobs = poisson(rt.app.jobRate * load, rng.next(), rng)
    for (let j = 0; j < jobs && j < 50; j++) addSide(events, rng.below(1000), others[d], false)
  }
  for (let d = 0; d < rt.web.length; d++) if (rng.next() < 0.0008) addSide(events, rng.below(1000), rt.web[d], true)
  for (let d = 0; d < others.length; d++) if (rng.next() < 0.0005) addSide(events, rng.below(1000), others[d], true)
  return events.length
}

function writeSide(rt: CompiledRuntime, ev: SideEvent, st: SecondStamp, rng: KeyedStream, w: LineBuffer): void {
  if (ev.warning) writeWarning(rt.app, ev.dyno, st, rng, w)
  else writeJobLines(rt.app, ev.dyno, st, ev.ms, rng, w)
}

function writeAppSecond(rt: CompiledRuntime, sec: number, w: LineBuffer): void {
  const c = rt.app
  const h = hash32(c.seed, c.appKey, sec)
  const rng = rt.rng
  rng.s = h ^ 0x9e3779b9
  const load = rt.model.load(sec)
  const web = rt.web
  let n = 0
  if (web.length > 0 && rt.perSecond > 0) n = Math.min(MAX_REQUESTS_PER_SECOND, poisson(rt.perSecond * load, h / 4294967296, rng))
  const sides = drawSideEvents(rt, rng, load)
  if (n === 0 && sides === 0) return
  const events = rt.events
  const st = stampSecond(sec)
  const errorRate = rt.model.incident(sec) ? 0.06 : c.errorRate
  const req = c.scratch
  const id = rt.requestId
  const routerHead = piece(st.ts + rt.routerPrefix)
  let e = 0
  for (let k = 0; k < n; k++) {
    const ms = Math.floor(((k + rng.next()) / n) * 1000)
    while (e < sides && events[e].ms <= ms) writeSide(rt, events[e++], st, rng, w)
    drawRequest(c.routes, rng, load, errorRate, req)
    const dyno = web.length === 1 ? web[0] : web[rng.below(web.length)]
    renderUuid(id, 0, rng.u32(), rng.u32(), rng.u32(), rng.u32())
    const clientIndex = rng.below(c.clients.length)
    const sourceIndex = rng.below(c.sources.length)
    if (rng.next() < c.appLineChance || req.status >= 500) {
      writeRequestLines(c, dyno, st, ms, req, id, c.clients[clientIndex], c.sources[sourceIndex], rng, w)
    }
    w.b(routerHead)
    w.n(req.bytes)
    w.b(req.route.routerPiece)
    w.raw(id)
    w.b(c.fwdPieces[clientIndex])
    w.b(originPiece(c, rng.below(c.edges.length), req.status))
    w.n(req.service)
    w.b(TOTAL)
    w.n(req.total)
    w.b(c.sourcePieces[sourceIndex])
    w.b(dyno.routerPiece)
    writePath(w, req)
    w.nl()
  }
  while (e < sides) writeSide(rt, events[e++], st, rng, w)
}

/** Writes the lines stamped within the whole second `sec` (unix seconds), in order, each ended by a newline. */
export function writeRuntimeSecond(profile: RuntimeAppProfile, sec: number, w: LineBuffer): void {
  writeAppSecond(compileRuntime(profile), Math.floor(sec), w)
}

/** Appends the second's lines to `out`, written through the shared scratch buffer and given back. */
function appendAppSecond(rt: CompiledRuntime, sec: number, out: string[]): void {
  const w = scratchLines()
  const mark = w.mark()
  writeAppSecond(rt, sec, w)
  const lines = w.lineArray(mark)
  w.rewind(mark)
  for (let i = 0; i < lines.length; i++) out.push(lines[i])
}

/** Lines stamped within the whole second `sec` (unix seconds), in order, fully formatted. */
export function runtimeLinesInSecond(profile: RuntimeAppProfile, sec: number): string[] {
  const out: string[] = []
  appendAppSecond(compileRuntime(profile), Math.floor(sec), out)
  return out
}

/** All lines whose second is in [fromSec, toSec), oldest first. */
export function runtimeLinesBetween(profile: RuntimeAppProfile, fromSec: number, toSec: number): string[] {
  const rt = compileRuntime(profile)
  const out: string[] = []
  for (let sec = Math.floor(fromSec); sec < toSec; sec++) appendAppSecond(rt, sec, out)
  return out
}

/** The last `n` lines with second < `toSec`, searching back at most `maxLookbackSec` (default 6 h). */
export function lastRuntimeLines(profile: RuntimeAppProfile, toSec: number, n: number, maxLookbackSec = DEFAULT_LOOKBACK_SEC): string[] {
  const rt = compileRuntime(profile)
  return collectLast((sec, out) => appendAppSecond(rt, sec, out), toSec, n, maxLookbackSec)
}
