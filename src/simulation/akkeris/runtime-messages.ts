/**
 * Stack-flavoured application output: what a node, python, go, ruby or plain-docker process
 * prints for a request, a background job or a rare warning. Each writer writes whole log lines
 * (Akkeris prefix included) into a {@link LineBuffer}, in the order their values are drawn.
 */
import { MS3, type KeyedStream, type SecondStamp } from './format.js'
import { piece, type LineBuffer, type Piece } from './line-buffer.js'
import { STATUS_TEXT, camel, writePath, type CompiledApp, type RequestDraw } from './runtime-profile.js'

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
const LEVEL_TIME = [30, 40, 50].map((level) => piece(`{"level":${level},"time":`)) as [Piece, Piece, Piece]
const RESPONSE_TIME = piece(',"responseTime":')
const COMPLETED = piece(',"msg":"request completed"}')
const ERRORED = piece(',"msg":"request errored"}')
/** `"},"res":{"statusCode":<status>}`, with `,"responseTime":` after it (by `-status`) or not, made on first use. */
const STATUS_PIECES = new Map<number, Piece>()

function statusPiece(status: number, responseTime: boolean): Piece {
  const key = responseTime ? -status : status
  let found = STATUS_PIECES.get(key)
  if (found === undefined) STATUS_PIECES.set(key, (found = piece(`"},"res":{"statusCode":${status}}${responseTime ? ',"responseTime":' : ''}`)))
  return found
}

const NODE_ERRORS = [
  `TypeError: Cannot read properties of undefined (reading 'id')`,
  'Error: connect ECONNREFUSED 10.8.14.3:5432',
  'Error: Connection terminated due to connection timeout',
  'SequelizeDatabaseError: canceling statement due to statement timeout',
]
const PY_ERRORS = [
  ['app/views.py', 'create_order', `KeyError: 'total'`],
  ['app/db.py', 'fetch_one', 'psycopg2.OperationalError: server closed the connection unexpectedly'],
  ['app/services/billing.py', 'charge', 'requests.exceptions.ReadTimeout: HTTPSConnectionPool(host=\'api.stripe.com\', port=443): Read timed out. (read timeout=10)'],
  ['app/serializers.py', 'to_dict', `AttributeError: 'NoneType' object has no attribute 'isoformat'`],
] as const
const GO_ERRORS = [
  'pq: canceling statement due to statement timeout',
  'dial tcp 10.8.14.3:6379: connect: connection refused',
  'context deadline exceeded',
  'json: cannot unmarshal string into Go struct field Order.total of type float64',
]
const RUBY_ERRORS = [
  'ActiveRecord::StatementInvalid (PG::QueryCanceled: ERROR:  canceling statement due to statement timeout)',
  `NoMethodError (undefined method 'email' for nil:NilClass)`,
  'Redis::CannotConnectError (Error connecting to Redis on 10.8.14.3:6379 (Errno::ECONNREFUSED))',
  'Net::ReadTimeout (Net::ReadTimeout with #<TCPSocket:(closed)>)',
]

/** Starts a line of a dyno: the second's timestamp and the dyno's prefix. */
function head(w: LineBuffer, st: SecondStamp, dyno: DynoInfo): void {
  if (dyno.headMs0 !== st.ms0) {
    dyno.head = piece(st.ts + dyno.prefix)
    dyno.headMs0 = st.ms0
  }
  w.b(dyno.head)
}

/** Writes the app lines one request produces on the web dyno that served it; `id` is its request id, rendered. */
export function writeRequestLines(
  c: CompiledApp, dyno: DynoInfo, st: SecondStamp, ms: number, req: RequestDraw,
  id: Uint8Array, client: string, source: string, rng: KeyedStream, w: LineBuffer,
): void {
  const method = req.route.method
  const status = req.status
  const failed = status >= 500
  switch (c.stack) {
    case 'node': {
      if (c.flavour === 0) {
        head(w, st, dyno)
        w.b(LEVEL_TIME[failed ? 2 : status >= 400 ? 1 : 0])
        w.n(st.ms0 + ms)
        w.b(dyno.pinoHost)
        w.raw(id)
        w.b(req.route.pinoPiece)
        if (req.route.withId) w.n(req.id)
        if (failed) {
          w.b(statusPiece(status, false))
          w.s(',"err":{"type":"Error","message":"')
          w.s(rng.pick(NODE_ERRORS))
          w.s('"}')
          w.b(RESPONSE_TIME)
        } else w.b(statusPiece(status, true))
        w.n(req.service)
        w.b(failed ? ERRORED : COMPLETED)
        w.nl()
      } else {
        if (failed) {
          head(w, st, dyno)
          w.s(rng.pick(NODE_ERRORS))
          w.nl()
          head(w, st, dyno)
          w.s('    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)')
          w.nl()
        }
        head(w, st, dyno)
        w.s(method)
        w.s(' ')
        writePath(w, req)
        w.s(' ')
        w.n(status)
        w.s(' ')
        w.n(req.service)
        w.s('.')
        w.s(MS3[rng.below(1000)])
        w.s(' ms - ')
        if (req.bytes) w.n(req.bytes)
        else w.s('-')
        w.nl()
      }
      return
    }
    case 'python': {
      if (failed) {
        const [file, fn, error] = rng.pick(PY_ERRORS)
        head(w, st, dyno)
        w.s('[')
        w.s(st.space)
        w.s(' +0000] [')
        w.n(7 + rng.below(4))
        w.s('] [ERROR] Exception on ')
        writePath(w, req)
        w.s(' [')
        w.s(method)
        w.s(']')
        w.nl()
        head(w, st, dyno)
        w.s('Traceback (most recent call last):')
        w.nl()
        head(w, st, dyno)
        w.s('  File "/app/')
        w.s(file)
        w.s('", line ')
        w.n(20 + rng.below(200))
        w.s(', in ')
        w.s(fn)
        w.nl()
        head(w, st, dyno)
        w.s(error)
        w.nl()
      }
      head(w, st, dyno)
      if (c.flavour === 0) {
        w.s(source)
        w.s(' - - [')
        w.s(st.clf)
        w.s('] "')
        w.s(method)
        w.s(' ')
        writePath(w, req)
        w.s(' HTTP/1.1" ')
        w.n(status)
        w.s(' ')
        w.n(req.bytes)
        w.s(' "-" "')
        w.s(c.agents[rng.below(c.agents.length)])
        w.s('"')
      } else {
        w.s('INFO:     ')
        w.s(source)
        w.s(':')
        w.n(32768 + rng.below(28000))
        w.s(' - "')
        w.s(method)
        w.s(' ')
        writePath(w, req)
        w.s(' HTTP/1.1" ')
        w.n(status)
        w.s(' ')
        w.s(STATUS_TEXT[status])
      }
      w.nl()
      return
    }
    case 'go': {
      if (c.flavour === 0) {
        if (failed) {
          head(w, st, dyno)
          w.s(st.slash)
          w.s(' error handling ')
          w.s(method)
          w.s(' ')
          writePath(w, req)
          w.s(': ')
          w.s(rng.pick(GO_ERRORS))
          w.nl()
        }
        head(w, st, dyno)
        w.s(st.slash)
        w.s(' ')
        w.s(method)
        w.s(' ')
        writePath(w, req)
        w.s(' ')
        w.n(status)
        w.s(' ')
        w.n(req.service)
        w.s('.')
        w.n(rng.below(10))
        w.s('ms')
        w.nl()
      } else {
        if (failed) {
          goTime(w, st, dyno, ms)
          w.s('ERROR msg="request failed" request_id=')
          w.raw(id)
          w.s(' err="')
          w.s(rng.pick(GO_ERRORS))
          w.s('"')
          w.nl()
        }
        goTime(w, st, dyno, ms)
        w.s(failed ? 'WARN' : 'INFO')
        w.s(' msg="http request" method=')
        w.s(method)
        w.s(' path=')
        writePath(w, req)
        w.s(' status=')
        w.n(status)
        w.s(' duration=')
        w.n(req.service)
        w.s('.')
        w.s(MS3[rng.below(1000)])
        w.s('ms request_id=')
        w.raw(id)
        w.nl()
      }
      return
    }
    case 'ruby': {
      const views = (req.service * 0.2 * rng.next()).toFixed(1)
      const db = (req.service * 0.4 * rng.next()).toFixed(1)
      if (c.flavour === 0) {
        const doneMs = MS3[ms + req.service > 999 ? 999 : ms + req.service]
        const doneMicro = MS3[rng.below(1000)]
        const startMicro = MS3[rng.below(1000)]
        head(w, st, dyno)
        w.s('I, [')
        w.s(st.iso)
        w.s('.')
        w.s(MS3[ms])
        w.s(startMicro)
        w.s(' #1]  INFO -- : [')
        w.raw(id)
        w.s('] Started ')
        w.s(method)
        w.s(' "')
        writePath(w, req)
        w.s('" for ')
        w.s(client)
        w.s(' at ')
        w.s(st.space)
        w.s(' +0000')
        w.nl()
        if (failed) {
          rubyDone(w, st, dyno, 'E, [', doneMs, doneMicro)
          w.s('ERROR -- : [')
          w.raw(id)
          w.s('] ')
          w.s(rng.pick(RUBY_ERRORS))
          w.nl()
        }
        rubyDone(w, st, dyno, 'I, [', doneMs, doneMicro)
        w.s(' INFO -- : [')
        w.raw(id)
        w.s('] Completed ')
        w.n(status)
        w.s(' ')
        w.s(STATUS_TEXT[status])
        w.s(' in ')
        w.n(req.service)
        w.s('ms (Views: ')
        w.s(views)
        w.s('ms | ActiveRecord: ')
        w.s(db)
        w.s('ms)')
        w.nl()
      } else {
        const action = req.route.action
        const hash = action.indexOf('#')
        if (failed) {
          head(w, st, dyno)
          w.s(rng.pick(RUBY_ERRORS))
          w.nl()
        }
        head(w, st, dyno)
        w.s('method=')
        w.s(method)
        w.s(' path=')
        writePath(w, req)
        w.s(' format=json controller=')
        w.s(hash < 0 ? action : action.slice(0, hash))
        w.s(' action=')
        // an action without a `#` (static files) has no second part: the log says `undefined`
        w.s(hash < 0 ? 'undefined' : action.slice(hash + 1, indexOrEnd(action, '#', hash + 1)))
        w.s(' status=')
        w.n(status)
        w.s(' duration=')
        w.n(req.service)
        w.s('.')
        w.s(MS3[rng.below(100)].slice(1))
        w.s(' view=')
        w.s(views)
        w.s(' db=')
        w.s(db)
        w.nl()
      }
      return
    }
    default: {
      if (failed) {
        head(w, st, dyno)
        w.s(st.slash)
        w.s(' [error] 29#29: *')
        w.n(1000 + rng.below(900000))
        w.s(' upstream timed out (110: Connection timed out) while reading response header from upstream, client: ')
        w.s(source)
        w.s(', server: _, request: "')
        w.s(method)
        w.s(' ')
        writePath(w, req)
        w.s(' HTTP/1.1", upstream: "http://127.0.0.1:8080')
        writePath(w, req)
        w.s('", host: "')
        w.s(c.appKey)
        w.s('"')
        w.nl()
      }
      head(w, st, dyno)
      w.s(source)
      w.s(' - - [')
      w.s(st.clf)
      w.s('] "')
      w.s(method)
      w.s(' ')
      writePath(w, req)
      w.s(' HTTP/1.1" ')
      w.n(status)
      w.s(' ')
      w.n(req.bytes)
      w.s(' "-" "')
      w.s(c.agents[rng.below(c.agents.length)])
      w.s('" "')
      w.s(client)
      w.s('"')
      w.nl()
    }
  }
}

/** Where `sep` next occurs in `text` from `from`, or the end of `text` (what `split(sep)[1]` stops at). */
function indexOrEnd(text: string, sep: string, from: number): number {
  const at = text.indexOf(sep, from)
  return at < 0 ? text.length : at
}

/** `<head>time=<iso>.<ms>Z level=`: the start of a Go slog line. */
function goTime(w: LineBuffer, st: SecondStamp, dyno: DynoInfo, ms: number): void {
  head(w, st, dyno)
  w.s('time=')
  w.s(st.iso)
  w.s('.')
  w.s(MS3[ms])
  w.s('Z level=')
}

/** `<head>I, [<iso>.<µs> #1] ` (`level` is `I, [` or `E, [`): the start of a Rails logger line written when the request is done. */
function rubyDone(w: LineBuffer, st: SecondStamp, dyno: DynoInfo, level: string, doneMs: string, doneMicro: string): void {
  head(w, st, dyno)
  w.s(level)
  w.s(st.iso)
  w.s('.')
  w.s(doneMs)
  w.s(doneMicro)
  w.s(' #1] ')
}

/** Writes the lines of one background job run on a worker dyno; `ms` is the start offset. */
export function writeJobLines(c: CompiledApp, dyno: DynoInfo, st: SecondStamp, ms: number, rng: KeyedStream, w: LineBuffer): void {
  const job = c.jobs[rng.below(c.jobs.length)]
  const queue = c.queues[rng.below(c.queues.length)]
  const took = 5 + Math.round(-Math.log(1 - rng.next()) * 400)
  const failed = rng.next() < 0.01
  const id = 10000 + rng.below(9000000)
  switch (c.stack) {
    case 'node':
      head(w, st, dyno)
      w.s('{"level":')
      w.n(failed ? 50 : 30)
      w.s(',"time":')
      w.n(st.ms0 + ms)
      w.s(',"pid":1,"hostname":"')
      w.s(dyno.hostname)
      w.s('","queue":"')
      w.s(queue)
      w.s('","job":"')
      w.s(job)
      w.s('","jobId":"')
      w.n(id)
      w.s('","durationMs":')
      w.n(took)
      w.s(failed ? ',"msg":"job failed, will retry"}' : ',"msg":"job completed"}')
      w.nl()
      return
    case 'python': {
      const a = rng.u32()
      const b = rng.u32()
      const cc = rng.u32()
      const d = rng.u32()
      head(w, st, dyno)
      w.s('[')
      w.s(st.space)
      w.s(',')
      w.s(MS3[ms])
      w.s(': INFO/MainProcess] Task app.tasks.')
      w.s(job)
      w.s('[')
      w.uuid(a, b, cc, d)
      w.s('] received')
      w.nl()
      head(w, st, dyno)
      w.s('[')
      w.s(st.space)
      w.s(',')
      w.s(MS3[ms])
      w.s(failed ? ': ERROR/ForkPoolWorker-' : ': INFO/ForkPoolWorker-')
      w.n(1 + rng.below(4))
      w.s('] Task app.tasks.')
      w.s(job)
      w.s('[')
      w.uuid(a, b, cc, d)
      w.s(']')
      if (failed) w.s(' raised unexpected: ConnectionError(\'Error 111 connecting to 10.8.14.3:6379. Connection refused.\')')
      else {
        w.s(' succeeded in ')
        w.s((took / 1000).toFixed(3))
        w.s('s: None')
      }
      w.nl()
      return
    }
    case 'go':
      goTime(w, st, dyno, ms)
      w.s(failed ? 'ERROR msg="job failed" queue=' : 'INFO msg="job processed" queue=')
      w.s(queue)
      w.s(' job=')
      w.s(job)
      w.s(' id=')
      w.n(id)
      w.s(' duration=')
      w.n(took)
      w.s('ms')
      if (failed) w.s(' err="context deadline exceeded"')
      w.nl()
      return
    case 'ruby': {
      const tid = rng.u32()
      const j1 = rng.u32()
      const j2 = rng.u32()
      const j3 = rng.u32()
      const jobClass = camel(job)
      for (let line = 0; line < 2; line++) {
        head(w, st, dyno)
        w.s(st.iso)
        w.s('.')
        w.s(MS3[ms])
        w.s('Z pid=1 tid=')
        w.hex8(tid, 4)
        w.s(' class=')
        w.s(jobClass)
        w.s('Job jid=')
        w.hex8(j1)
        w.hex8(j2)
        w.hex8(j3)
        if (line === 0) w.s(' INFO: start')
        else {
          w.s(' elapsed=')
          w.s((took / 1000).toFixed(3))
          if (failed) {
            w.s(' WARN: ')
            w.s(rng.pick(RUBY_ERRORS))
          } else w.s(' INFO: done')
        }
        w.nl()
      }
      return
    }
    default:
      head(w, st, dyno)
      w.s('worker: processing job ')
      w.n(id)
      w.s(' (')
      w.s(job)
      w.s(') from queue ')
      w.s(queue)
      w.nl()
      head(w, st, dyno)
      w.s('worker: job ')
      w.n(id)
      if (failed) {
        w.s(' failed after ')
        w.n(took)
        w.s('ms, requeued')
      } else {
        w.s(' finished in ')
        w.n(took)
        w.s('ms')
      }
      w.nl()
  }
}

const WARNINGS: Record<string, readonly string[]> = {
  node: [
    '{"level":40,"pid":1,"msg":"slow query","durationMs":1843,"query":"SELECT * FROM orders WHERE customer_id = $1"}',
    '(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit',
    '{"level":40,"pid":1,"msg":"cache miss storm, falling back to database","keys":412}',
  ],
  python: [
    '[WARNING] Worker with pid 12 was terminated due to signal 9',
    'WARNING:root:Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken',
    '/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py:1103: InsecureRequestWarning: Unverified HTTPS request is being made',
  ],
  go: [
    'level=WARN msg="slow query" duration=1.84s query="SELECT id, total FROM orders WHERE customer_id=$1"',
    'http: TLS handshake error from 10.2.0.15:51234: EOF',
    'level=WARN msg="circuit breaker open" upstream=payments',
  ],
  ruby: [
    'Rack::Timeout::RequestTimeoutException: Request waited 1823ms, then ran for longer than 15000ms',
    'DEPRECATION WARNING: `to_s(:db)` is deprecated and will be removed from Rails 7.2 (use `to_fs(:db)` instead)',
    'Could not fetch feature flags, using defaults (Faraday::TimeoutError)',
  ],
  docker: [
    'nginx: [warn] an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream',
    '[notice] 1#1: signal 17 (SIGCHLD) received from 30',
    'WARNING: memory usage above 80% of limit',
  ],
}

/** Writes one rare warning a dyno of this stack might print outside any request. */
export function writeWarning(c: CompiledApp, dyno: DynoInfo, st: SecondStamp, rng: KeyedStream, w: LineBuffer): void {
  head(w, st, dyno)
  w.s(rng.pick(WARNINGS[c.stack] ?? WARNINGS.docker))
  w.nl()
}
