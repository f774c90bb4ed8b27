/**
 * What a worker dyno prints for a background job run, and the rare warnings any dyno prints, written
 * as whole log lines into a {@link LineBuffer} in the order their values are drawn.
 */
import { MS3, type KeyedStream, type SecondStamp } from './format.js'
import type { LineBuffer } from './line-buffer.js'
import { RUBY_ERRORS, goTime, head, type DynoInfo } from './runtime-messages.js'
import { camel, type CompiledApp } from './runtime-profile.js'

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
