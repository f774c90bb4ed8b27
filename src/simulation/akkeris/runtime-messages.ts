/**
 * Stack-flavoured application output, the pieces its writers share: a dyno as the hot path sees it,
 * the start of a dyno's line, the start of a Go slog line and of a Rails logger line, the errors
 * each stack prints, and the request summaries several stacks write alike. The writers are in
 * `runtime-requests.ts` (what a request prints) and `runtime-jobs.ts` (background jobs and rare
 * warnings); each writes whole log lines (Akkeris prefix included) into a {@link LineBuffer}, in the
 * order their values are drawn.
 */
import { MS3, type SecondStamp } from './format.js'
import { piece, type LineBuffer, type Piece } from './line-buffer.js'
import { writePath, type RequestDraw } from './runtime-profile.js'

/** A dyno as the hot path sees it: its line prefix (after the timestamp) and its pod hostname. */
export interface DynoInfo {
  type: string
  instance: string
  /** ` <app> app[<instance>]: ` */
  prefix: string
  /** The pod name (`api-5d8f6b9c7-x2x7z`), used where a framework logs its hostname. */
  hostname: string
  /** `,"pid":1,"hostname":"<hostname>","reqId":"`: a pino request line's text around the hostname. */
  pinoHost: Piece
  /** `<instance> host=<app> path=`: the router line's text after ` dyno=`. */
  routerPiece: Piece
  /** `<timestamp><prefix>` of the second last written (`headMs0`), made once a second. */
  head: Piece
  headMs0: number
}

/** A dyno's {@link DynoInfo} for an app's lines. */
export function dynoInfo(appKey: string, type: string, instance: string, hostname: string): DynoInfo {
  return { type, instance, prefix: ` ${appKey} app[${instance}]: `, hostname, pinoHost: piece(`,"pid":1,"hostname":"${hostname}","reqId":"`), routerPiece: piece(`${instance} host=${appKey} path=`), head: NO_PIECE, headMs0: NaN }
}

const NO_PIECE = piece('')

export const NODE_ERRORS = [
  `TypeError: Cannot read properties of undefined (reading 'id')`,
  'Error: connect ECONNREFUSED 10.8.14.3:5432',
  'Error: Connection terminated due to connection timeout',
  'SequelizeDatabaseError: canceling statement due to statement timeout',
]
export const PY_ERRORS = [
  ['app/views.py', 'create_order', `KeyError: 'total'`],
  ['app/db.py', 'fetch_one', 'psycopg2.OperationalError: server closed the connection unexpectedly'],
  ['app/services/billing.py', 'charge', 'requests.exceptions.ReadTimeout: HTTPSConnectionPool(host=\'api.stripe.com\', port=443): Read timed out. (read timeout=10)'],
  ['app/serializers.py', 'to_dict', `AttributeError: 'NoneType' object has no attribute 'isoformat'`],
] as const
export const GO_ERRORS = [
  'pq: canceling statement due to statement timeout',
  'dial tcp 10.8.14.3:6379: connect: connection refused',
  'context deadline exceeded',
  'json: cannot unmarshal string into Go struct field Order.total of type float64',
]
export const RUBY_ERRORS = [
  'ActiveRecord::StatementInvalid (PG::QueryCanceled: ERROR:  canceling statement due to statement timeout)',
  `NoMethodError (undefined method 'email' for nil:NilClass)`,
  'Redis::CannotConnectError (Error connecting to Redis on 10.8.14.3:6379 (Errno::ECONNREFUSED))',
  'Net::ReadTimeout (Net::ReadTimeout with #<TCPSocket:(closed)>)',
]

/** Starts a line of a dyno: the second's timestamp and the dyno's prefix. */
export function head(w: LineBuffer, st: SecondStamp, dyno: DynoInfo): void {
  if (dyno.headMs0 !== st.ms0) {
    dyno.head = piece(st.ts + dyno.prefix)
    dyno.headMs0 = st.ms0
  }
  w.b(dyno.head)
}

/** `<head>time=<iso>.<ms>Z level=`: the start of a Go slog line. */
export function goTime(w: LineBuffer, st: SecondStamp, dyno: DynoInfo, ms: number): void {
  head(w, st, dyno)
  w.s('time=')
  w.s(st.iso)
  w.s('.')
  w.s(MS3[ms])
  w.s('Z level=')
}

/** `<head>I, [<iso>.<µs> #1] ` (`level` is `I, [` or `E, [`): the start of a Rails logger line written when the request is done. */
export function rubyDone(w: LineBuffer, st: SecondStamp, dyno: DynoInfo, level: string, doneMs: string, doneMicro: string): void {
  head(w, st, dyno)
  w.s(level)
  w.s(st.iso)
  w.s('.')
  w.s(doneMs)
  w.s(doneMicro)
  w.s(' #1] ')
}

/** `<method> <path> <status> <service ms>.`: how a Node (morgan) and a Go (gin) line say what was served, up to the fraction. */
export function writeServed(w: LineBuffer, method: string, req: RequestDraw, status: number): void {
  w.s(method)
  w.s(' ')
  writePath(w, req)
  w.s(' ')
  w.n(status)
  w.s(' ')
  w.n(req.service)
  w.s('.')
}

/** `<method> <path> HTTP/1.1" <status> `: a quoted request line (its opening quote already written) and the status after it. */
export function writeRequestStatus(w: LineBuffer, method: string, req: RequestDraw, status: number): void {
  w.s(method)
  w.s(' ')
  writePath(w, req)
  w.s(' HTTP/1.1" ')
  w.n(status)
  w.s(' ')
}

/** `<source> - - [<clf time>] "<method> <path> HTTP/1.1" <status> <bytes> "-" "<agent>"`: a combined-log access line, without its newline. */
export function writeAccessLine(w: LineBuffer, source: string, st: SecondStamp, method: string, req: RequestDraw, status: number, agent: string): void {
  w.s(source)
  w.s(' - - [')
  w.s(st.clf)
  w.s('] "')
  writeRequestStatus(w, method, req, status)
  w.n(req.bytes)
  w.s(' "-" "')
  w.s(agent)
  w.s('"')
}

/** Where `sep` next occurs in `text` from `from`, or the end of `text` (what `split(sep)[1]` stops at). */
export function indexOrEnd(text: string, sep: string, from: number): number {
  const at = text.indexOf(sep, from)
  return at < 0 ? text.length : at
}
