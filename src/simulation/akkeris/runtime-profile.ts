/**
 * Per-app tables for runtime log traffic (routes, addresses, job names), built once per profile
 * from its seed so the per-second hot path only indexes small arrays.
 */
import { Random, hash32 } from '../../core/random.js'
import type { Stack } from '../types.js'
import type { KeyedStream } from './format.js'
import { flat, piece, type LineBuffer, type Piece } from './line-buffer.js'

/** What kind of resource a route serves; drives status codes, sizes and latency. */
export type RouteKind = 'list' | 'item' | 'create' | 'update' | 'delete' | 'page' | 'static' | 'bot' | 'health' | 'login'

/** One route the simulated app answers. */
export interface RouteDef {
  method: string
  /** Path, or the prefix an id is appended to when `withId`. */
  path: string
  withId: boolean
  kind: RouteKind
  /** Typical service time in ms. */
  baseMs: number
  /** Typical 200 body size in bytes. */
  bytes: number
  /** Controller#action for Rails-style logs. */
  action: string
  /** The path, as a piece. */
  pathPiece: Piece
  /** ` method=<method> request_id=`: the router line's text around the method. */
  routerPiece: Piece
  /** `","req":{"method":"<method>","url":"<path>`: a pino request line's text around the method and path (an id follows on `withId` routes). */
  pinoPiece: Piece
}

/** A weighted route table; `cumulative[i]` is the running weight up to route i. */
export interface RouteTable {
  routes: RouteDef[]
  cumulative: number[]
  total: number
}

/** The outcome of one simulated request, written into a reused scratch object. */
export interface RequestDraw {
  route: RouteDef
  /** The id appended to the route's path (`withId` routes), else 0. */
  id: number
  status: number
  bytes: number
  service: number
  total: number
}

const RESOURCES = ['orders', 'users', 'invoices', 'accounts', 'products', 'payments', 'customers', 'reports', 'events', 'items', 'notifications', 'subscriptions', 'shipments', 'teams']
const PUBLIC_FIRST_OCTETS = [23, 24, 34, 35, 44, 50, 52, 54, 64, 66, 67, 68, 71, 73, 76, 96, 98, 99, 104, 107, 108, 136, 142, 151, 162, 174, 184, 185, 188, 199, 207, 208, 216]
/** Job names a worker might process. */
export const JOB_NAMES = ['send_receipt', 'sync_inventory', 'generate_report', 'process_payment', 'refresh_cache', 'send_notification', 'import_orders', 'cleanup_sessions', 'rebuild_search_index', 'charge_subscription', 'deliver_webhook', 'resize_image']
const QUEUES = ['default', 'mailers', 'critical', 'low', 'webhooks']

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1)
}

/** `send_receipt` → `SendReceipt`. */
export function camel(name: string): string {
  return name.split('_').map(capitalize).join('')
}

function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

function addRoute(table: RouteDef[], weights: number[], weight: number, route: Omit<RouteDef, 'pathPiece' | 'routerPiece' | 'pinoPiece'>): void {
  table.push({ ...route, pathPiece: piece(route.path), routerPiece: piece(` method=${route.method} request_id=`), pinoPiece: piece(`","req":{"method":"${route.method}","url":"${route.path}`) })
  weights.push(weight)
}

/** The request's path: the route's, with its id for a `withId` route. */
export function requestPath(req: RequestDraw): string {
  return req.route.withId ? req.route.path + req.id : req.route.path
}

/** Writes the request's path (the text of {@link requestPath}). */
export function writePath(w: LineBuffer, req: RequestDraw): void {
  w.b(req.route.pathPiece)
  if (req.route.withId) w.n(req.id)
}

/** A seeded route table for one app (API resources, pages, assets, health checks and bots). */
export function buildRouteTable(random: Random, prefix = ''): RouteTable {
  const routes: RouteDef[] = []
  const weights: number[] = []
  const resources = shuffle(random, RESOURCES).slice(0, random.int(2, 4))
  const version = prefix.endsWith('/api') ? '/v1' : random.chance(0.7) ? '/api/v1' : '/api'
  for (const res of resources) {
    const ctl = capitalize(res) + 'Controller#'
    const base = `${prefix}${version}/${res}`
    const w = 1 + random.int(0, 6)
    addRoute(routes, weights, 6 * w, { method: 'GET', path: base, withId: false, kind: 'list', baseMs: 20 + random.int(0, 60), bytes: 1500 + random.int(0, 18000), action: ctl + 'index' })
    addRoute(routes, weights, 8 * w, { method: 'GET', path: base + '/', withId: true, kind: 'item', baseMs: 6 + random.int(0, 25), bytes: 250 + random.int(0, 1800), action: ctl + 'show' })
    addRoute(routes, weights, 1.5 * w, { method: 'POST', path: base, withId: false, kind: 'create', baseMs: 30 + random.int(0, 90), bytes: 180 + random.int(0, 700), action: ctl + 'create' })
    addRoute(routes, weights, 0.8 * w, { method: random.chance(0.5) ? 'PUT' : 'PATCH', path: base + '/', withId: true, kind: 'update', baseMs: 25 + random.int(0, 70), bytes: 180 + random.int(0, 700), action: ctl + 'update' })
    addRoute(routes, weights, 0.2 * w, { method: 'DELETE', path: base + '/', withId: true, kind: 'delete', baseMs: 15 + random.int(0, 40), bytes: 0, action: ctl + 'destroy' })
  }
  const page = (path: string, weight: number, action: string): void =>
    addRoute(routes, weights, weight, { method: 'GET', path: prefix + path, withId: false, kind: 'page', baseMs: 8 + random.int(0, 40), bytes: 2500 + random.int(0, 30000), action })
  page('/', 10, 'HomeController#index')
  page('/login', 2, 'SessionsController#new')
  addRoute(routes, weights, 1, { method: 'POST', path: prefix + '/login', withId: false, kind: 'login', baseMs: 60 + random.int(0, 120), bytes: 0, action: 'SessionsController#create' })
  const build = random.hex(4)
  for (const [path, size] of [[`/static/js/main.${build}.js`, 180000], [`/static/css/main.${build}.css`, 24000], ['/favicon.ico', 3870]] as const) {
    addRoute(routes, weights, 5, { method: 'GET', path: prefix + path, withId: false, kind: 'static', baseMs: 1 + random.int(0, 3), bytes: size + random.int(0, size), action: 'static' })
  }
  addRoute(routes, weights, 3, { method: 'GET', path: prefix + '/health', withId: false, kind: 'health', baseMs: 1, bytes: 15, action: 'HealthController#show' })
  for (const path of ['/wp-login.php', '/.env', '/robots.txt']) {
    addRoute(routes, weights, 0.4, { method: 'GET', path: prefix + path, withId: false, kind: 'bot', baseMs: 2, bytes: 0, action: 'static' })
  }
  const cumulative: number[] = []
  let total = 0
  for (const w of weights) cumulative.push((total += w))
  return { routes, cumulative, total }
}

/** A plausible public IPv4 address (avoids private, loopback and documentation ranges). */
export function publicIp(random: Random): string {
  return `${random.pick(PUBLIC_FIRST_OCTETS)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`
}

/** A pod-network address inside the cluster. */
export function podIp(random: Random): string {
  return `10.${random.int(2, 250)}.${random.int(0, 255)}.${random.int(2, 254)}`
}

/** Draws one request against `table` into `out`; `errorRate` is the chance of a 5xx. */
export function drawRequest(table: RouteTable, rng: KeyedStream, load: number, errorRate: number, out: RequestDraw): void {
  const x = rng.next() * table.total
  const cum = table.cumulative
  let i = 0
  while (cum[i] <= x && i < cum.length - 1) i++
  const route = table.routes[i]
  out.route = route
  out.id = route.withId ? 1 + rng.below(98000) : 0
  const u = rng.next()
  let status = 200
  let bytes = route.bytes
  switch (route.kind) {
    case 'static':
      if (u < 0.3) { status = 304; bytes = 0 } else if (u < 0.305) { status = 404; bytes = 9 }
      break
    case 'bot':
      status = route.path.endsWith('robots.txt') ? 200 : 404
      bytes = status === 200 ? 67 : 9
      break
    case 'item':
      if (u < 0.04) { status = 404; bytes = 52 } else if (u < 0.05) { status = 401; bytes = 38 }
      break
    case 'create':
      if (u < 0.05) { status = 422; bytes = 96 } else { status = 201 }
      break
    case 'delete':
      status = u < 0.05 ? 404 : 204
      bytes = status === 404 ? 52 : 0
      break
    case 'login':
      status = u < 0.15 ? 401 : 302
      bytes = status === 401 ? 38 : 0
      break
    case 'list':
    case 'page':
      if (u < 0.01) { status = 401; bytes = 38 }
      break
  }
  if (status < 400 && route.kind !== 'static' && route.kind !== 'health' && rng.next() < errorRate) {
    status = rng.next() < 0.85 ? 500 : 503
    bytes = status === 500 ? 21 + rng.below(120) : 19
  } else if (bytes > 0 && status < 300) {
    bytes = Math.max(2, Math.round(bytes * (0.6 + 0.8 * rng.next())))
  }
  const tail = -Math.log(1 - rng.next())
  let service = route.baseMs * (0.35 + 0.8 * tail) * (0.8 + 0.25 * load)
  if (status >= 500) service = rng.next() < 0.2 ? 30000 : service * 4
  if (status === 304) service = Math.min(service, 2)
  out.service = Math.max(1, Math.round(service))
  out.total = out.service + 1 + rng.below(4)
  out.status = status
  out.bytes = bytes
}

/** The router line's `<edge> status=<status> service=` for an edge (by index) and a status. */
export function originPiece(c: CompiledApp, edge: number, status: number): Piece {
  const key = edge * 1000 + status
  let found = c.originPieces.get(key)
  if (found === undefined) c.originPieces.set(key, (found = piece(`${c.edges[edge]} status=${status} service=`)))
  return found
}

/** Reason phrases for the statuses the simulation produces. */
export const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 302: 'Found', 304: 'Not Modified', 401: 'Unauthorized',
  404: 'Not Found', 422: 'Unprocessable Entity', 500: 'Internal Server Error', 503: 'Service Unavailable',
}

/** Everything precomputed for one runtime profile. */
export interface CompiledApp {
  seed: number
  appKey: string
  stack: Stack
  /** 0 or 1: which of two log styles this app's framework uses. */
  flavour: number
  routes: RouteTable
  clients: string[]
  edges: string[]
  sources: string[]
  /** Router line pieces: ` fwd=<client> origin=` by client, `ms source=<source> dyno=` by source. */
  fwdPieces: Piece[]
  sourcePieces: Piece[]
  /** `<edge> status=<status> service=` by `edge * 1000 + status`, made on first use. */
  originPieces: Map<number, Piece>
  agents: string[]
  jobs: string[]
  queues: string[]
  /** Chance that a request also produces an app log line. */
  appLineChance: number
  /** Baseline chance of a 5xx per request. */
  errorRate: number
  /** Mean jobs per second per worker instance, before the daily curve. */
  jobRate: number
  scratch: RequestDraw
}

const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  'okhttp/4.12.0', 'axios/1.6.5', 'python-requests/2.31.0', 'curl/8.5.0', 'Go-http-client/1.1',
]

/** Builds the tables for one app from its seed and key. */
export function compileApp(seed: number, appKey: string, stack: Stack, requestsPerMinute: number): CompiledApp {
  const random = new Random(hash32(seed, 'runtime-profile', appKey))
  const clients = Array.from({ length: 48 }, () => flat(publicIp(random)))
  const routes = buildRouteTable(random)
  const flavour = random.int(0, 1)
  const edges = Array.from({ length: 3 }, () => flat(podIp(random)))
  const sources = Array.from({ length: 4 }, () => flat(podIp(random)))
  return {
    seed,
    appKey,
    stack,
    flavour,
    routes,
    clients,
    edges,
    sources,
    fwdPieces: clients.map((c) => piece(` fwd=${c} origin=`)),
    originPieces: new Map(),
    sourcePieces: sources.map((s) => piece(`ms source=${s} dyno=`)),
    agents: AGENTS,
    jobs: JOB_NAMES.filter(() => random.chance(0.4)).concat(random.pick(JOB_NAMES)),
    queues: QUEUES.slice(0, random.int(1, QUEUES.length)),
    appLineChance: 0.6 + 0.35 * random.next(),
    errorRate: 0.001 + 0.004 * random.next(),
    jobRate: Math.min(4, 0.02 + (requestsPerMinute / 60) * (0.02 + 0.08 * random.next())),
    scratch: { route: routes.routes[0], id: 0, status: 200, bytes: 0, service: 1, total: 2 },
  }
}
