/**
 * Akkeris site router traffic (`POST /sites/{site}/log-sessions`) as a pure function of
 * (site, second): one router line per request, paths under the site's routes.
 */
import { Random, hash32 } from '../../core/random.js'
import { KeyedStream, poisson, stampSecond } from './format.js'
import { buildRouteTable, compileApp, drawRequest, requestPath, type CompiledApp, type RouteTable } from './runtime-profile.js'
import { DEFAULT_LOOKBACK_SEC, LoadModel, MAX_REQUESTS_PER_SECOND, collectLast } from './runtime-traffic.js'

/** A site: a domain whose paths route to apps. */
export interface SiteProfile {
  seed: number
  domain: string
  routes: Array<{ path: string; appKey: string }>
  requestsPerMinute: number
}

interface CompiledSite {
  app: CompiledApp
  tables: RouteTable[]
  cumulative: number[]
  prefix: string
  hostPart: string
  perSecond: number
  model: LoadModel
  rng: KeyedStream
  snapshot: string
}

const compiledSites = new WeakMap<SiteProfile, CompiledSite>()

function siteSnapshot(site: SiteProfile): string {
  return `${site.seed}\u0000${site.domain}\u0000${site.requestsPerMinute}\u0000` + site.routes.map((r) => r.path + '\u0000' + r.appKey).join('\u0000')
}

function compileSite(site: SiteProfile): CompiledSite {
  const snapshot = siteSnapshot(site)
  const hit = compiledSites.get(site)
  if (hit && hit.snapshot === snapshot) return hit
  const rpm = Math.max(0, Number.isFinite(site.requestsPerMinute) ? site.requestsPerMinute : 0)
  const tables: RouteTable[] = []
  const cumulative: number[] = []
  let total = 0
  for (const route of site.routes) {
    const random = new Random(hash32(site.seed, 'site-route', site.domain, route.path, route.appKey))
    const prefix = route.path === '/' ? '' : route.path.replace(/\/+$/, '')
    tables.push(buildRouteTable(random, prefix))
    cumulative.push((total += (prefix === '' ? 3 : 1) * (0.5 + random.next())))
  }
  const cs: CompiledSite = {
    app: compileApp(site.seed, site.domain, 'docker', rpm),
    tables,
    cumulative,
    prefix: ` ${site.domain} akkeris/router: bytes=`,
    hostPart: ` host=${site.domain} path=`,
    perSecond: rpm / 60,
    model: new LoadModel(site.seed, site.domain),
    rng: new KeyedStream(0),
    snapshot,
  }
  compiledSites.set(site, cs)
  return cs
}

function appendSiteSecond(cs: CompiledSite, sec: number, out: string[]): void {
  if (cs.tables.length === 0 || cs.perSecond <= 0) return
  const c = cs.app
  const h = hash32(c.seed, c.appKey, sec)
  const rng = cs.rng
  rng.s = h ^ 0x85ebca6b
  const load = cs.model.load(sec)
  const n = Math.min(MAX_REQUESTS_PER_SECOND, poisson(cs.perSecond * load, h / 4294967296, rng))
  if (n === 0) return
  const ts = stampSecond(sec).ts
  const errorRate = cs.model.incident(sec) ? 0.06 : c.errorRate
  const req = c.scratch
  const last = cs.cumulative.length - 1
  for (let k = 0; k < n; k++) {
    const x = rng.next() * cs.cumulative[last]
    let i = 0
    while (i < last && cs.cumulative[i] <= x) i++
    drawRequest(cs.tables[i], rng, load, errorRate, req)
    out.push(
      ts + cs.prefix + req.bytes + ' method=' + req.route.method + ' request_id=' + rng.uuid() + ' fwd=' + c.clients[rng.below(c.clients.length)] +
        ' origin=' + c.edges[rng.below(c.edges.length)] + ' status=' + req.status + ' service=' + req.service + 'ms total=' + req.total +
        'ms source=' + c.sources[rng.below(c.sources.length)] + cs.hostPart + requestPath(req),
    )
  }
}

/** Router lines of a site stamped within the whole second `sec`, in order. */
export function siteLinesInSecond(site: SiteProfile, sec: number): string[] {
  const out: string[] = []
  appendSiteSecond(compileSite(site), Math.floor(sec), out)
  return out
}

/** All site router lines whose second is in [fromSec, toSec), oldest first. */
export function siteLinesBetween(site: SiteProfile, fromSec: number, toSec: number): string[] {
  const cs = compileSite(site)
  const out: string[] = []
  for (let sec = Math.floor(fromSec); sec < toSec; sec++) appendSiteSecond(cs, sec, out)
  return out
}

/** The last `n` site lines with second < `toSec`, searching back at most `maxLookbackSec` (default 6 h). */
export function lastSiteLines(site: SiteProfile, toSec: number, n: number, maxLookbackSec = DEFAULT_LOOKBACK_SEC): string[] {
  const cs = compileSite(site)
  return collectLast((sec, out) => appendSiteSecond(cs, sec, out), toSec, n, maxLookbackSec)
}
