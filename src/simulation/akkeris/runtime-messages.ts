/**
 * Stack-flavoured application output: what a node, python, go, ruby or plain-docker process
 * prints for a request, a background job or a rare warning. Each writer appends whole log lines
 * (Akkeris prefix included) to `out`.
 */
import { MS3, hex8, type KeyedStream, type SecondStamp } from './format.js'
import { STATUS_TEXT, camel, type CompiledApp, type RequestDraw } from './runtime-profile.js'

/** A dyno as the hot path sees it: its line prefix (after the timestamp) and its pod hostname. */
export interface DynoInfo {
  type: string
  instance: string
  /** ` <app> app[<instance>]: ` */
  prefix: string
  /** The pod name (`api-5d8f6b9c7-x2x7z`), used where a framework logs its hostname. */
  hostname: string
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

/** Appends the app lines one request produces on the web dyno that served it. */
export function writeRequestLines(
  c: CompiledApp, dyno: DynoInfo, st: SecondStamp, ms: number, req: RequestDraw,
  requestId: string, client: string, source: string, rng: KeyedStream, out: string[],
): void {
  const head = st.ts + dyno.prefix
  const method = req.route.method
  const status = req.status
  const failed = status >= 500
  switch (c.stack) {
    case 'node': {
      if (c.flavour === 0) {
        const level = failed ? 50 : status >= 400 ? 40 : 30
        const err = failed ? `,"err":{"type":"Error","message":"${rng.pick(NODE_ERRORS)}"}` : ''
        out.push(head + '{"level":' + level + ',"time":' + (st.ms0 + ms) + ',"pid":1,"hostname":"' + dyno.hostname +
          '","reqId":"' + requestId + '","req":{"method":"' + method + '","url":"' + req.path + '"},"res":{"statusCode":' +
          status + '}' + err + ',"responseTime":' + req.service + ',"msg":"' + (failed ? 'request errored' : 'request completed') + '"}')
      } else {
        if (failed) {
          out.push(head + rng.pick(NODE_ERRORS))
          out.push(head + '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)')
        }
        out.push(head + method + ' ' + req.path + ' ' + status + ' ' + req.service + '.' + MS3[rng.below(1000)] + ' ms - ' + (req.bytes || '-'))
      }
      return
    }
    case 'python': {
      if (failed) {
        const [file, fn, error] = rng.pick(PY_ERRORS)
        out.push(head + '[' + st.space + ' +0000] [' + (7 + rng.below(4)) + '] [ERROR] Exception on ' + req.path + ' [' + method + ']')
        out.push(head + 'Traceback (most recent call last):')
        out.push(head + '  File "/app/' + file + '", line ' + (20 + rng.below(200)) + ', in ' + fn)
        out.push(head + error)
      }
      if (c.flavour === 0) {
        out.push(head + source + ' - - [' + st.clf + '] "' + method + ' ' + req.path + ' HTTP/1.1" ' + status + ' ' +
          req.bytes + ' "-" "' + c.agents[rng.below(c.agents.length)] + '"')
      } else {
        out.push(head + 'INFO:     ' + source + ':' + (32768 + rng.below(28000)) + ' - "' + method + ' ' + req.path + ' HTTP/1.1" ' + status + ' ' + STATUS_TEXT[status])
      }
      return
    }
    case 'go': {
      if (c.flavour === 0) {
        if (failed) out.push(head + st.slash + ' error handling ' + method + ' ' + req.path + ': ' + rng.pick(GO_ERRORS))
        out.push(head + st.slash + ' ' + method + ' ' + req.path + ' ' + status + ' ' + req.service + '.' + rng.below(10) + 'ms')
      } else {
        const t = 'time=' + st.iso + '.' + MS3[ms] + 'Z level='
        if (failed) out.push(head + t + 'ERROR msg="request failed" request_id=' + requestId + ' err="' + rng.pick(GO_ERRORS) + '"')
        out.push(head + t + (failed ? 'WARN' : 'INFO') + ' msg="http request" method=' + method + ' path=' + req.path + ' status=' +
          status + ' duration=' + req.service + '.' + MS3[rng.below(1000)] + 'ms request_id=' + requestId)
      }
      return
    }
    case 'ruby': {
      const views = (req.service * 0.2 * rng.next()).toFixed(1)
      const db = (req.service * 0.4 * rng.next()).toFixed(1)
      if (c.flavour === 0) {
        const done = st.iso + '.' + MS3[ms + req.service > 999 ? 999 : ms + req.service] + MS3[rng.below(1000)] + ' #1] '
        out.push(head + 'I, [' + st.iso + '.' + MS3[ms] + MS3[rng.below(1000)] + ' #1]  INFO -- : [' + requestId + '] Started ' + method + ' "' + req.path + '" for ' + client + ' at ' + st.space + ' +0000')
        if (failed) out.push(head + 'E, [' + done + 'ERROR -- : [' + requestId + '] ' + rng.pick(RUBY_ERRORS))
        out.push(head + 'I, [' + done + ' INFO -- : [' + requestId + '] Completed ' + status + ' ' + STATUS_TEXT[status] + ' in ' + req.service + 'ms (Views: ' + views + 'ms | ActiveRecord: ' + db + 'ms)')
      } else {
        const [controller, action] = req.route.action.split('#')
        if (failed) out.push(head + rng.pick(RUBY_ERRORS))
        out.push(head + 'method=' + method + ' path=' + req.path + ' format=json controller=' + controller + ' action=' + action +
          ' status=' + status + ' duration=' + req.service + '.' + MS3[rng.below(100)].slice(1) + ' view=' + views + ' db=' + db)
      }
      return
    }
    default: {
      if (failed) {
        out.push(head + st.slash + ' [error] 29#29: *' + (1000 + rng.below(900000)) + ' upstream timed out (110: Connection timed out) while reading response header from upstream, client: ' +
          source + ', server: _, request: "' + method + ' ' + req.path + ' HTTP/1.1", upstream: "http://127.0.0.1:8080' + req.path + '", host: "' + c.appKey + '"')
      }
      out.push(head + source + ' - - [' + st.clf + '] "' + method + ' ' + req.path + ' HTTP/1.1" ' + status + ' ' + req.bytes + ' "-" "' +
        c.agents[rng.below(c.agents.length)] + '" "' + client + '"')
    }
  }
}

/** Appends the lines of one background job run on a worker dyno; `ms` is the start offset. */
export function writeJobLines(c: CompiledApp, dyno: DynoInfo, st: SecondStamp, ms: number, rng: KeyedStream, out: string[]): void {
  const head = st.ts + dyno.prefix
  const job = c.jobs[rng.below(c.jobs.length)]
  const queue = c.queues[rng.below(c.queues.length)]
  const took = 5 + Math.round(-Math.log(1 - rng.next()) * 400)
  const failed = rng.next() < 0.01
  const id = String(10000 + rng.below(9000000))
  switch (c.stack) {
    case 'node':
      out.push(head + '{"level":' + (failed ? 50 : 30) + ',"time":' + (st.ms0 + ms) + ',"pid":1,"hostname":"' + dyno.hostname + '","queue":"' + queue +
        '","job":"' + job + '","jobId":"' + id + '","durationMs":' + took + ',"msg":"' + (failed ? 'job failed, will retry' : 'job completed') + '"}')
      return
    case 'python': {
      const task = 'app.tasks.' + job + '[' + rng.uuid() + ']'
      out.push(head + '[' + st.space + ',' + MS3[ms] + ': INFO/MainProcess] Task ' + task + ' received')
      out.push(head + '[' + st.space + ',' + MS3[ms] + ': ' + (failed ? 'ERROR' : 'INFO') + '/ForkPoolWorker-' + (1 + rng.below(4)) + '] Task ' + task +
        (failed ? ' raised unexpected: ConnectionError(\'Error 111 connecting to 10.8.14.3:6379. Connection refused.\')' : ' succeeded in ' + (took / 1000).toFixed(3) + 's: None'))
      return
    }
    case 'go':
      out.push(head + 'time=' + st.iso + '.' + MS3[ms] + 'Z level=' + (failed ? 'ERROR' : 'INFO') + ' msg="' + (failed ? 'job failed' : 'job processed') +
        '" queue=' + queue + ' job=' + job + ' id=' + id + ' duration=' + took + 'ms' + (failed ? ' err="context deadline exceeded"' : ''))
      return
    case 'ruby': {
      const pre = st.iso + '.' + MS3[ms] + 'Z pid=1 tid=' + hex8(rng.u32()).slice(0, 4) + ' class=' + camel(job) + 'Job jid=' + hex8(rng.u32()) + hex8(rng.u32()) + hex8(rng.u32())
      out.push(head + pre + ' INFO: start')
      out.push(head + pre + ' elapsed=' + (took / 1000).toFixed(3) + (failed ? ' WARN: ' + rng.pick(RUBY_ERRORS) : ' INFO: done'))
      return
    }
    default:
      out.push(head + 'worker: processing job ' + id + ' (' + job + ') from queue ' + queue)
      out.push(head + 'worker: job ' + id + (failed ? ' failed after ' + took + 'ms, requeued' : ' finished in ' + took + 'ms'))
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

/** Appends one rare warning a dyno of this stack might print outside any request. */
export function writeWarning(c: CompiledApp, dyno: DynoInfo, st: SecondStamp, rng: KeyedStream, out: string[]): void {
  out.push(st.ts + dyno.prefix + rng.pick(WARNINGS[c.stack] ?? WARNINGS.docker))
}
