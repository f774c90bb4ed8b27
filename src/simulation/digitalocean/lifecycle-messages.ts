/**
 * Scripted, stack-flavoured output for the moments around the steady traffic: a container
 * starting up, a scheduled job's run. Each script line carries the delay (ms) after the previous
 * line and renders its message from the stamp of the second it lands in.
 */
import type { Stack } from '../types.js'
import type { InstanceInfo, SecondStamp } from './run-messages.js'
import { FastRng, pad9, type ComponentKind } from './shared.js'

/** One scripted line: delay after the previous line (ms) and its message. */
export interface ScriptLine {
  dt: number
  msg: (st: SecondStamp, ns: number) => string
}

/** Shorthand for a line whose message does not depend on the time. */
export function plain(dt: number, text: string): ScriptLine {
  return { dt, msg: () => text }
}

function pino(inst: InstanceInfo, level: number, rest: string): (st: SecondStamp, ns: number) => string {
  return (st, ns) => `{"level":${level},"time":${st.sec * 1000 + Math.floor(ns / 1e6)},"pid":${inst.pid},"hostname":"${inst.pod}",${rest}}`
}

/** What a service or worker prints while it boots, ending once it is ready. */
export function startupScript(kind: ComponentKind, stack: Stack, inst: InstanceInfo, project: string): ScriptLine[] {
  const worker = kind === 'worker'
  switch (stack) {
    case 'node':
      return [
        plain(0, `> ${project}@1.0.0 ${worker ? 'worker' : 'start'}`),
        plain(2, `> node dist/${worker ? 'worker' : 'server'}.js`),
        plain(1, ''),
        { dt: 480, msg: pino(inst, 30, '"msg":"connected to postgres"') },
        worker
          ? { dt: 35, msg: pino(inst, 30, '"queues":["emails","media","billing"],"concurrency":5,"msg":"worker started"') }
          : { dt: 60, msg: pino(inst, 30, '"msg":"Server listening at http://0.0.0.0:8080"') },
      ]
    case 'python':
      if (worker) {
        return [
          plain(0, ` -------------- celery@${inst.pod} v5.4.0 (opalescent)`),
          plain(3, '--- ***** ----- .> transport:   redis://private-db-redis-do-user-1.k.db.ondigitalocean.com:25061/0'),
          { dt: 700, msg: (st, ns) => `[${st.spaced},${pad9(ns).slice(0, 3)}: INFO/MainProcess] Connected to redis://private-db-redis-do-user-1.k.db.ondigitalocean.com:25061/0` },
          { dt: 90, msg: (st, ns) => `[${st.spaced},${pad9(ns).slice(0, 3)}: INFO/MainProcess] celery@${inst.pod} ready.` },
        ]
      }
      return [
        { dt: 0, msg: (st) => `[${st.spaced} +0000] [${inst.pid}] [INFO] Starting gunicorn 22.0.0` },
        { dt: 3, msg: (st) => `[${st.spaced} +0000] [${inst.pid}] [INFO] Listening at: http://0.0.0.0:8080 (${inst.pid})` },
        { dt: 1, msg: (st) => `[${st.spaced} +0000] [${inst.pid}] [INFO] Using worker: sync` },
        { dt: 6, msg: (st) => `[${st.spaced} +0000] [${inst.pid + 6}] [INFO] Booting worker with pid: ${inst.pid + 6}` },
        { dt: 2, msg: (st) => `[${st.spaced} +0000] [${inst.pid + 7}] [INFO] Booting worker with pid: ${inst.pid + 7}` },
      ]
    case 'go':
      return [
        { dt: 0, msg: (st) => `${st.slash} config loaded (env=production)` },
        { dt: 40, msg: (st) => `${st.slash} connected to postgres (pool size 10)` },
        { dt: 3, msg: (st) => (worker ? `${st.slash} worker: started 8 consumers` : `${st.slash} listening on :8080`) },
      ]
    case 'ruby':
      if (worker) {
        return [
          { dt: 0, msg: (st, ns) => `${st.iso}.${pad9(ns).slice(0, 3)}Z pid=${inst.pid} tid=1t9 INFO: Booting Sidekiq 7.2.4 with Sidekiq::RedisConnection::RedisClientAdapter options {:url=>"redis://private-db-redis:25061/0"}` },
          { dt: 900, msg: (st, ns) => `${st.iso}.${pad9(ns).slice(0, 3)}Z pid=${inst.pid} tid=1t9 INFO: Starting processing, hit Ctrl-C to stop` },
        ]
      }
      return [
        plain(0, '=> Booting Puma'),
        plain(1, '=> Rails 7.1.3.4 application starting in production '),
        plain(1, '=> Run `bin/rails server --help` for more startup options'),
        plain(1400, 'Puma starting in single mode...'),
        plain(1, '* Puma version: 6.4.2 (ruby 3.3.1-p55) ("The Eagle of Durango")'),
        plain(1, '*  Min threads: 5'),
        plain(1, '*  Max threads: 5'),
        plain(1, '*  Environment: production'),
        plain(1, `*          PID: ${inst.pid}`),
        plain(20, '* Listening on http://0.0.0.0:8080'),
        plain(1, 'Use Ctrl-C to stop'),
      ]
    case 'docker':
      if (worker) return [{ dt: 0, msg: (st, ns) => `level=info ts=${st.iso}.${pad9(ns).slice(0, 3)}Z caller=main.go:42 msg="starting consumer" queues=emails,media,billing` }]
      return [
        plain(0, '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration'),
        plain(2, '/docker-entrypoint.sh: Configuration complete; ready for start up'),
        { dt: 8, msg: (st) => `${st.slash} [notice] 1#1: using the "epoll" event method` },
        { dt: 0, msg: (st) => `${st.slash} [notice] 1#1: nginx/1.27.0` },
        { dt: 1, msg: (st) => `${st.slash} [notice] 1#1: start worker processes` },
        { dt: 0, msg: (st) => `${st.slash} [notice] 1#1: start worker process 29` },
      ]
  }
}

/** One run of a job component, from its first line to its exit. */
export function jobScript(stack: Stack, component: string, r: FastRng): ScriptLine[] {
  const n = r.int(0, 3)
  const work = r.int(400, 20000)
  const took = ((work + r.int(900, 1500)) / 1000).toFixed(2)
  const two = (lo: number, hi: number): string => String(r.int(lo, hi)).padStart(2, '0')
  switch (stack) {
    case 'node':
      return [
        plain(0, `> ${component}@1.0.0 ${component}`),
        plain(2, '> knex migrate:latest'),
        plain(900, 'Using environment: production'),
        plain(work, n === 0 ? 'Already up to date' : `Batch ${r.int(10, 90)} run: ${n} migrations`),
        plain(20, `${component} finished in ${took}s`),
      ]
    case 'python':
      return [
        plain(0, 'Operations to perform:'),
        plain(1, '  Apply all migrations: admin, auth, contenttypes, orders, sessions'),
        plain(2, 'Running migrations:'),
        plain(work, n === 0 ? '  No migrations to apply.' : `  Applying orders.00${r.int(10, 99)}_add_index_on_customer... OK`),
      ]
    case 'go': {
      const records = r.int(50, 20000)
      return [
        { dt: 0, msg: (st) => `${st.slash} ${component}: starting` },
        { dt: work, msg: (st) => `${st.slash} ${component}: processed ${records} records` },
        { dt: 40, msg: (st) => `${st.slash} ${component}: done in ${took}s` },
      ]
    }
    case 'ruby': {
      const v = `2024${two(1, 12)}${two(1, 28)}${two(0, 23)}${two(0, 59)}${two(0, 59)}`
      const secs = (work / 1000).toFixed(4)
      return n === 0
        ? [plain(0, `${component}: no pending migrations`)]
        : [
            plain(0, `== ${v} AddIndexToOrdersCustomerId: migrating ========================`),
            plain(2, '-- add_index(:orders, :customer_id)'),
            plain(work, `   -> ${secs}s`),
            plain(1, `== ${v} AddIndexToOrdersCustomerId: migrated (${secs}s) ===============`),
          ]
    }
    case 'docker':
      return [plain(0, `Starting ${component}...`), plain(work, `Processed ${r.int(1, 5000)} items`), plain(5, 'Done.')]
  }
}
