/**
 * Hot-path message makers for RUN logs: one request or job per call, in the log style of the
 * component's stack (pino JSON for Node, gunicorn access logs for Python, chi's logger for Go,
 * lograge-tagged Rails lines for Ruby, nginx combined format for Docker; Celery, Sidekiq and
 * friends for workers). Only precomputed tables and string concatenation; no faker, no Date.
 */
import type { Stack } from '../types.js'
import { D3, FastRng, fixed3, type ComponentKind } from './shared.js'

/** Per-second timestamp fragments, computed once per second and shared by every line in it. */
export interface SecondStamp {
  sec: number
  /** The second as a decimal string; append `D3[ms]` for epoch milliseconds. */
  secText: string
  /** `2024-05-29T20:14:14` */
  iso: string
  /** `29/May/2024:20:14:14 +0000` */
  clf: string
  /** `2024/05/29 20:14:14` */
  slash: string
  /** `2024-05-29 20:14:14` */
  spaced: string
  /** ` - - [29/May/2024:20:14:14 +0000] "`: the middle of a common-log-format line. */
  clfOpen: string
}

/** What a message maker knows about the instance writing the line. */
export interface InstanceInfo {
  pod: string
  pid: number
  /** Host name requests arrive for. */
  host: string
  /** `,"pid":7,"hostname":"web-…"`, precomputed for pino lines. */
  pinoTail: string
  /** ` #7]  INFO -- : ` and ` #7] ERROR -- : `, precomputed for Rails lines. */
  railsInfo: string
  railsError: string
}

/** The instance facts message makers need, with their precomputed fragments. */
export function instanceInfo(pod: string, pid: number, host: string): InstanceInfo {
  return { pod, pid, host, pinoTail: `,"pid":${pid},"hostname":"${pod}"`, railsInfo: ` #${pid}]  INFO -- : `, railsError: ` #${pid}] ERROR -- : ` }
}

/** Makes one message for a line at `nsInSec` nanoseconds into the stamp's second. */
export type MessageMaker = (r: FastRng, st: SecondStamp, nsInSec: number, inst: InstanceInfo) => string

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Builds the per-second stamps from an ISO second such as `2024-05-29T20:14:14`. */
export function secondStamp(sec: number, iso: string): SecondStamp {
  const y = iso.slice(0, 4)
  const mo = iso.slice(5, 7)
  const d = iso.slice(8, 10)
  const time = iso.slice(11, 19)
  const clf = `${d}/${MONTHS[Number(mo) - 1]}/${y}:${time} +0000`
  return {
    sec,
    secText: String(sec),
    iso,
    clf,
    clfOpen: ` - - [${clf}] "`,
    slash: `${y}/${mo}/${d} ${time}`,
    spaced: `${y}-${mo}-${d} ${time}`,
  }
}

type Route = [method: string, path: string, withId: boolean, controller: string, action: string, weight: number]
const ROUTES: Route[] = [
  ['GET', '/api/orders/', true, 'Api::OrdersController', 'show', 24],
  ['GET', '/api/orders', false, 'Api::OrdersController', 'index', 14],
  ['POST', '/api/orders', false, 'Api::OrdersController', 'create', 7],
  ['GET', '/api/products/', true, 'Api::ProductsController', 'show', 16],
  ['GET', '/api/products', false, 'Api::ProductsController', 'index', 10],
  ['GET', '/api/users/', true, 'Api::UsersController', 'show', 8],
  ['PATCH', '/api/users/', true, 'Api::UsersController', 'update', 3],
  ['POST', '/api/sessions', false, 'Api::SessionsController', 'create', 4],
  ['DELETE', '/api/sessions/', true, 'Api::SessionsController', 'destroy', 2],
  ['GET', '/healthz', false, 'HealthController', 'show', 6],
  ['GET', '/', false, 'PagesController', 'home', 6],
]
const STATIC_ASSETS = ['/assets/index-4f9c1b2a.js', '/assets/index-9d2e7c41.css', '/favicon.ico', '/assets/logo-7a1f.svg', '/index.html']

function weighted<T>(items: Array<[T, number]>, size: number): T[] {
  const total = items.reduce((a, [, w]) => a + w, 0)
  const out: T[] = []
  for (const [item, w] of items) for (let i = Math.round((w / total) * size); i > 0; i--) out.push(item)
  while (out.length < size) out.push(items[0][0])
  return out.slice(0, size)
}

const ROUTE_TABLE = weighted(ROUTES.map((r): [Route, number] => [r, r[5]]), 128)
const STATUS_TABLE = weighted<number>([[200, 212], [304, 12], [404, 11], [401, 5], [400, 4], [422, 3], [500, 2], [502, 1], [503, 1]], 256)
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  'okhttp/4.12.0',
  'axios/1.7.2',
  'python-requests/2.32.3',
  'curl/8.7.1',
]
const IPS: string[] = (() => {
  const r = new FastRng(0x1badb002)
  return Array.from({ length: 256 }, () => `${r.int(23, 223)}.${r.below(256)}.${r.below(256)}.${r.int(1, 254)}`)
})()
const INTERNAL = Array.from({ length: 64 }, (_, i) => `10.244.${i % 8}.${(i * 37) % 250 + 2}`)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function hex8(r: FastRng): string {
  const w = (r.next() * 4294967296) >>> 0
  return HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255]
}

// Id fragments drawn once from a fixed seed: an id is two table picks and one concatenation,
// which keeps the per-line cost flat (a million distinct combinations per table pair).
const POOL = 1024
const ID_HEAD: string[] = []
const ID_TAIL: string[] = []
const HEX12: string[] = []
{
  const r = new FastRng(0x5eed1d5)
  for (let i = 0; i < POOL; i++) {
    const b = hex8(r)
    ID_HEAD.push(`${hex8(r)}-${b.slice(0, 4)}-4${b.slice(5)}-`)
    const c = hex8(r)
    ID_TAIL.push(`${'89ab'[r.below(4)]}${c.slice(1, 4)}-${c.slice(4)}${hex8(r)}`)
    HEX12.push(hex8(r) + hex8(r).slice(0, 4))
  }
}

/** A random v4-looking UUID from the fast generator. */
export function fastUuid(r: FastRng): string {
  return ID_HEAD[r.below(POOL)] + ID_TAIL[r.below(POOL)]
}

interface Request {
  method: string
  path: string
  route: Route
  /** The id path segment (`""` for routes without one). */
  id: string
  status: number
  /** Duration in microseconds (an integer, formatted with {@link fixed3}). */
  micros: number
  bytes: number
}

function request(r: FastRng): Request {
  const route = ROUTE_TABLE[r.below(128)]
  let status = STATUS_TABLE[r.below(256)]
  if (route[0] === 'POST' && status === 200) status = 201
  if (route[0] === 'DELETE' && status === 200) status = 204
  const u = r.next()
  const id = route[2] ? String(1000 + r.below(90000)) : ''
  return {
    method: route[0],
    path: route[2] ? route[1] + id : route[1],
    route,
    id,
    status,
    micros: Math.floor((1.5 + u * u * u * 380 + (status >= 500 ? 900 : 0)) * 1000),
    bytes: status === 204 || status === 304 ? 0 : 120 + r.below(24000),
  }
}

const SLOW_EVENTS = [
  'slow query detected',
  'cache miss for product catalogue, rebuilding',
  'retrying upstream payment-service call',
  'rate limit close to threshold for api key',
]

// Pre-joined pino fragments, so a request line is a handful of concatenations.
const PINO_REQ = new Map(ROUTES.map((r) => [r, `,"req":{"method":"${r[0]}","url":"${r[1]}`]))
const PINO_ADDR = INTERNAL.map((ip) => `","remoteAddress":"${ip}"},"res":{"statusCode":`)

function nodeService(r: FastRng, st: SecondStamp, ns: number, inst: InstanceInfo): string {
  const tail = `,"time":${st.secText}${D3[(ns / 1_000_000) | 0]}${inst.pinoTail}`
  if (r.next() < 0.03) return `{"level":40${tail},"msg":"${r.pick(SLOW_EVENTS)}","durationMs":${300 + r.below(4000)}}`
  const q = request(r)
  const level = q.status >= 500 ? '{"level":50' : q.status >= 400 ? '{"level":40' : '{"level":30'
  const end = q.status >= 500 ? ',"msg":"request errored"}' : ',"msg":"request completed"}'
  return `${level}${tail},"reqId":"req-${HEX[r.below(256)]}${HEX[r.below(256)]}"${PINO_REQ.get(q.route)}${q.id}${PINO_ADDR[r.below(64)]}${q.status}},"responseTime":${(q.micros / 1000) | 0}${end}`
}

function pythonService(r: FastRng, st: SecondStamp, _ns: number, inst: InstanceInfo): string {
  if (r.next() < 0.02) return `[${st.spaced} +0000] [${inst.pid}] [WARNING] Worker with pid ${inst.pid + 1 + r.below(4)} was terminated due to signal 9`
  const q = request(r)
  return `${IPS[r.below(256)]}${st.clfOpen}${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${AGENTS[r.below(8)]}"`
}

function goService(r: FastRng, st: SecondStamp, _ns: number, inst: InstanceInfo): string {
  const q = request(r)
  return `${st.slash} "${q.method} http://${inst.host}${q.path} HTTP/1.1" from ${INTERNAL[r.below(64)]}:${32768 + r.below(28000)} - ${q.status} ${q.bytes}B in ${fixed3(q.micros)}ms`
}

function rubyService(r: FastRng, st: SecondStamp, ns: number, inst: InstanceInfo): string {
  const q = request(r)
  const level = q.status >= 500 ? 'E, [' : 'I, ['
  const tag = q.status >= 500 ? inst.railsError : inst.railsInfo
  return `${level}${st.iso}.${D3[(ns / 1_000_000) | 0]}${D3[((ns / 1000) | 0) % 1000]}${tag}[${fastUuid(r)}] method=${q.method} path=${q.path} format=json controller=${q.route[3]} action=${q.route[4]} status=${q.status} duration=${fixed3(q.micros)} view=${fixed3((q.micros * 0.4) | 0)} db=${fixed3((q.micros * 0.25) | 0)}`
}

function dockerService(r: FastRng, st: SecondStamp): string {
  const q = request(r)
  const path = r.next() < 0.35 ? STATIC_ASSETS[r.below(STATIC_ASSETS.length)] : q.path
  return `${INTERNAL[r.below(64)]}${st.clfOpen}${q.method} ${path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${AGENTS[r.below(8)]}" "${IPS[r.below(256)]}"`
}

const JOBS: Array<[queue: string, name: string, klass: string]> = [
  ['emails', 'send-welcome-email', 'SendWelcomeEmailJob'],
  ['emails', 'send-receipt', 'SendReceiptJob'],
  ['media', 'generate-thumbnail', 'GenerateThumbnailJob'],
  ['billing', 'sync-invoice', 'SyncInvoiceJob'],
  ['search', 'reindex-product', 'ReindexProductJob'],
  ['webhooks', 'deliver-webhook', 'DeliverWebhookJob'],
]

function snake(s: string): string {
  return s.replace(/-/g, '_')
}

function nodeWorker(r: FastRng, st: SecondStamp, ns: number, inst: InstanceInfo): string {
  const [queue, name] = JOBS[r.below(JOBS.length)]
  const failed = r.next() < 0.02
  return `{"level":${failed ? 50 : 30},"time":${st.secText}${D3[(ns / 1_000_000) | 0]}${inst.pinoTail},"queue":"${queue}","jobId":"${100000 + r.below(900000)}","job":"${name}","durationMs":${5 + r.below(2500)},"msg":"${failed ? 'job failed' : 'job completed'}"}`
}

function pythonWorker(r: FastRng, st: SecondStamp, ns: number): string {
  const [, name] = JOBS[r.below(JOBS.length)]
  const prefix = `[${st.spaced},${D3[(ns / 1_000_000) | 0]}: INFO/`
  if (r.next() < 0.4) return `${prefix}MainProcess] Task app.tasks.${snake(name)}[${fastUuid(r)}] received`
  return `${prefix}ForkPoolWorker-${1 + r.below(4)}] Task app.tasks.${snake(name)}[${fastUuid(r)}] succeeded in ${fixed3(r.below(3000))}${D3[r.below(1000)]}s: None`
}

function goWorker(r: FastRng, st: SecondStamp): string {
  const [queue, name] = JOBS[r.below(JOBS.length)]
  return `${st.slash} worker: processed job id=${100000 + r.below(900000)} type=${name} queue=${queue} duration=${5 + r.below(2500)}ms`
}

function rubyWorker(r: FastRng, st: SecondStamp, ns: number, inst: InstanceInfo): string {
  const [, , klass] = JOBS[r.below(JOBS.length)]
  const head = `${st.iso}.${D3[(ns / 1_000_000) | 0]}Z pid=${inst.pid} tid=${HEX[r.below(256)]}${HEX[r.below(256)]} class=${klass} jid=${HEX12[r.below(POOL)]}${HEX12[r.below(POOL)]}`
  return r.next() < 0.5 ? `${head} INFO: start` : `${head} elapsed=${fixed3(r.below(4000))} INFO: done`
}

function dockerWorker(r: FastRng, st: SecondStamp, ns: number): string {
  const [queue] = JOBS[r.below(JOBS.length)]
  return `level=info ts=${st.iso}.${D3[(ns / 1_000_000) | 0]}Z caller=consumer.go:${80 + r.below(40)} msg="processed message" queue=${queue} id=${hex8(r)} duration=${5 + r.below(900)}ms`
}

/** The message maker for a service or worker of a stack (jobs use scripted runs instead). */
export function messageMaker(kind: ComponentKind, stack: Stack): MessageMaker {
  if (kind === 'worker') {
    return { node: nodeWorker, python: pythonWorker, go: goWorker, ruby: rubyWorker, docker: dockerWorker }[stack]
  }
  return { node: nodeService, python: pythonService, go: goService, ruby: rubyService, docker: dockerService }[stack]
}
