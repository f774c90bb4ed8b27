/**
 * What a node, python, go, ruby or plain-docker process prints for a request on the web dyno that
 * served it, written as whole log lines into a {@link LineBuffer} in the order its values are drawn.
 */
import { MS3, type KeyedStream, type SecondStamp } from './format.js'
import { piece, type LineBuffer, type Piece } from './line-buffer.js'
import { GO_ERRORS, NODE_ERRORS, PY_ERRORS, RUBY_ERRORS, goTime, head, indexOrEnd, rubyDone, writeAccessLine, writeRequestStatus, writeServed, type DynoInfo } from './runtime-messages.js'
import { STATUS_TEXT, writePath, type CompiledApp, type RequestDraw } from './runtime-profile.js'

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
        writeServed(w, method, req, status)
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
        writeAccessLine(w, source, st, method, req, status, c.agents[rng.below(c.agents.length)])
      } else {
        w.s('INFO:     ')
        w.s(source)
        w.s(':')
        w.n(32768 + rng.below(28000))
        w.s(' - "')
        writeRequestStatus(w, method, req, status)
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
        writeServed(w, method, req, status)
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
      writeAccessLine(w, source, st, method, req, status, c.agents[rng.below(c.agents.length)])
      w.s(' "')
      w.s(client)
      w.s('"')
      w.nl()
    }
  }
}
