/**
 * The last words of a crashing container, by stack and cause: a V8 heap-exhaustion report, a
 * Python traceback, a Go panic, a Ruby NoMethodError, a refused Redis connection. The scripts
 * end with the process exiting; the restart itself happens right after.
 */
import type { Stack } from '../types.js'
import { plain, type ScriptLine } from './lifecycle-messages.js'
import type { CrashCause } from './restarts.js'
import type { InstanceInfo } from './run-messages.js'
import { pad9 } from './shared.js'

const REDIS = '10.245.12.7:6379'

function node(cause: CrashCause, inst: InstanceInfo, entry: string): ScriptLine[] {
  if (cause === 'oom') {
    return [
      plain(0, ''),
      plain(1, '<--- Last few GCs --->'),
      plain(0, ''),
      plain(0, `[${inst.pid}:0x5d1c2a0]   412345 ms: Mark-Compact (reduce) 505.3 (519.6) -> 504.9 (519.1) MB, 612.33 / 0.00 ms  (average mu = 0.112, current mu = 0.021) allocation failure; GC in old space requested`),
      plain(0, ''),
      plain(0, '<--- JS stacktrace --->'),
      plain(0, ''),
      plain(2, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'),
      plain(0, '----- Native stack trace -----'),
      plain(0, ''),
      plain(1, ' 1: 0xb8ced1 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]'),
      plain(0, ' 2: 0xf06c50 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]'),
      plain(0, ' 3: 0x10b7d39 v8::internal::Heap::FatalProcessOutOfMemory(char const*) [node]'),
    ]
  }
  if (cause === 'econnrefused') {
    return [
      plain(0, `node:internal/process/promises:289`),
      plain(0, '            triggerUncaughtException(err, true /* fromPromise */);'),
      plain(0, '            ^'),
      plain(0, ''),
      plain(0, `Error: connect ECONNREFUSED ${REDIS}`),
      plain(0, '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1605:16) {'),
      plain(0, '  errno: -111,'),
      plain(0, "  code: 'ECONNREFUSED',"),
      plain(0, "  syscall: 'connect',"),
      plain(0, `  address: '${REDIS.split(':')[0]}',`),
      plain(0, '  port: 6379'),
      plain(0, '}'),
      plain(0, ''),
      plain(0, 'Node.js v20.14.0'),
    ]
  }
  return [
    plain(0, `/workspace/dist/${entry}.js:88`),
    plain(0, '    const total = order.items.reduce((sum, item) => sum + item.price, 0);'),
    plain(0, '                              ^'),
    plain(0, ''),
    plain(0, "TypeError: Cannot read properties of undefined (reading 'reduce')"),
    plain(0, `    at processOrder (/workspace/dist/${entry}.js:88:31)`),
    plain(0, '    at Worker.callProcessJob (/workspace/node_modules/bullmq/dist/cjs/classes/worker.js:455:35)'),
    plain(0, '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'),
    plain(0, ''),
    plain(0, 'Node.js v20.14.0'),
  ]
}

function python(cause: CrashCause, entry: string): ScriptLine[] {
  const head = [plain(0, 'Traceback (most recent call last):'), plain(0, `  File "/workspace/${entry}.py", line 42, in <module>`), plain(0, '    main()')]
  if (cause === 'oom') {
    return [...head, plain(0, `  File "/workspace/app/reports.py", line 117, in build_export`), plain(0, '    rows = list(cursor.fetchall())'), plain(0, 'MemoryError')]
  }
  if (cause === 'econnrefused') {
    return [
      ...head,
      plain(0, '  File "/workspace/.heroku/python/lib/python3.12/site-packages/redis/connection.py", line 363, in connect'),
      plain(0, '    raise ConnectionError(self._error_message(e))'),
      plain(0, `redis.exceptions.ConnectionError: Error 111 connecting to ${REDIS}. Connection refused.`),
    ]
  }
  return [...head, plain(0, '  File "/workspace/app/tasks.py", line 88, in process_order'), plain(0, '    total = sum(i["price"] for i in order["items"])'), plain(0, "KeyError: 'items'")]
}

function go(cause: CrashCause, entry: string): ScriptLine[] {
  if (cause === 'oom') {
    return [plain(0, 'fatal error: runtime: out of memory'), plain(0, ''), plain(0, 'runtime stack:'), plain(0, 'runtime.throw({0x9a3b21?, 0x2030000?})'), plain(0, '\t/usr/local/go/src/runtime/panic.go:1023 +0x5c'), plain(0, 'runtime.sysMap(0xc040000000, 0x4000000, 0xe3c470?)'), plain(0, '\t/usr/local/go/src/runtime/mem_linux.go:167 +0xc5')]
  }
  if (cause === 'econnrefused') {
    return [
      { dt: 0, msg: (st) => `${st.slash} ${entry}: dial tcp ${REDIS}: connect: connection refused` },
      { dt: 1, msg: (st) => `${st.slash} ${entry}: giving up after 5 attempts` },
      plain(0, 'exit status 1'),
    ]
  }
  return [
    plain(0, 'panic: runtime error: invalid memory address or nil pointer dereference'),
    plain(0, '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6f1a2b]'),
    plain(0, ''),
    plain(0, 'goroutine 1 [running]:'),
    plain(0, 'main.(*Worker).process(0xc0000b4000, {0x0, 0x0})'),
    plain(0, `\t/workspace/cmd/${entry}/main.go:57 +0x1c5`),
    plain(0, 'main.main()'),
    plain(0, `\t/workspace/cmd/${entry}/main.go:31 +0x2a8`),
    plain(0, 'exit status 2'),
  ]
}

function ruby(cause: CrashCause, inst: InstanceInfo): ScriptLine[] {
  const sidekiq = (level: string, text: string): ScriptLine => ({ dt: 0, msg: (st, ns) => `${st.iso}.${pad9(ns).slice(0, 3)}Z pid=${inst.pid} tid=1t9 ${level}: ${text}` })
  if (cause === 'oom') return [sidekiq('ERROR', 'failed to allocate memory (NoMemoryError)'), plain(0, '/workspace/app/services/report_builder.rb:61:in `map\': failed to allocate memory (NoMemoryError)')]
  if (cause === 'econnrefused') {
    return [sidekiq('ERROR', `Error fetching job: Connection refused - connect(2) for ${REDIS} (RedisClient::CannotConnectError)`), sidekiq('ERROR', 'Shutting down')]
  }
  return [
    plain(0, "/workspace/app/jobs/sync_invoice_job.rb:23:in `perform': undefined method `amount' for nil (NoMethodError)"),
    plain(0, "\tfrom /workspace/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/lib/sidekiq/processor.rb:202:in `execute_job'"),
    plain(0, "\tfrom /workspace/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/lib/sidekiq/processor.rb:170:in `block (2 levels) in process'"),
  ]
}

function docker(cause: CrashCause): ScriptLine[] {
  if (cause === 'oom') return [plain(0, 'Killed')]
  const err = cause === 'econnrefused' ? `dial tcp ${REDIS}: connect: connection refused` : 'unexpected end of JSON input'
  return [{ dt: 0, msg: (st, ns) => `level=error ts=${st.iso}.${pad9(ns).slice(0, 3)}Z caller=main.go:61 msg="consumer stopped" err="${err}"` }, plain(0, 'exit status 1')]
}

/** The crash output of an instance, oldest line first; the process exits after the last line. */
export function crashScript(stack: Stack, cause: CrashCause, inst: InstanceInfo, entry: string): ScriptLine[] {
  switch (stack) {
    case 'node':
      return node(cause, inst, entry)
    case 'python':
      return python(cause, entry)
    case 'go':
      return go(cause, entry)
    case 'ruby':
      return ruby(cause, inst)
    case 'docker':
      return docker(cause)
  }
}
