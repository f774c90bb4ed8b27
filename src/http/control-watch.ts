/**
 * Control routes for watching the world rather than changing it: a snapshot of both providers'
 * resources as of the simulated now (read from the backends, so no rate-limit budget is spent), and
 * Server-Sent Event streams of the request journal and of the clock. The console page reads these;
 * scripts can too (`curl -N`).
 */
import { metricComponent } from '../providers/digitalocean/profiles.js'
import { componentHealth, metricValueAt } from '../simulation/digitalocean/index.js'
import { appDynoCrashes } from '../providers/akkeris/crashes.js'
import { dynoRestarts, listDynos } from '../providers/akkeris/dynos.js'
import { aliasesAt } from '../providers/digitalocean/incidents.js'
import type { RequestContext } from './context.js'
import type { JournalEntry } from './journal.js'
import { json, stream, type SimResponse } from './respond.js'
import type { Route } from './route.js'

/** Queued events a slow reader may fall behind by before the oldest are dropped. */
const QUEUE_LIMIT = 1000
/** Builds or deployments per app in a world snapshot (newest kept), unless `?history=N` says otherwise. */
const HISTORY = 5

/**
 * An SSE body: `subscribe` is called once the client reads, with a function that queues one event;
 * the unsubscribe it returns runs when the client leaves (the request's signal aborts) or cancels.
 */
function eventStream(ctx: RequestContext, subscribe: (send: (event: string, data: unknown) => void) => () => void): SimResponse {
  return stream(
    async function* (signal) {
      const queue: string[] = []
      let wake: (() => void) | undefined
      const unsubscribe = subscribe((event, data) => {
        queue.push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
        if (queue.length > QUEUE_LIMIT) queue.splice(0, queue.length - QUEUE_LIMIT)
        wake?.()
      })
      const onAbort = () => wake?.()
      signal.addEventListener('abort', onAbort, { once: true })
      try {
        yield ': paasim\n\n' // the head and a first byte at once, so EventSource reports open
        while (!signal.aborted) {
          if (queue.length) {
            yield queue.splice(0).join('')
            continue
          }
          await new Promise<void>((resolve) => (wake = resolve))
          wake = undefined
        }
      } finally {
        unsubscribe()
        signal.removeEventListener('abort', onAbort)
      }
    },
    ctx.signal,
    { contentType: 'text/event-stream; charset=utf-8' },
  )
}

const clockState = (ctx: RequestContext) => {
  const { clock } = ctx.sim
  return { mode: clock.mode, speed: clock.speed, paused: clock.paused, now: clock.iso() }
}

/** A positive integer query parameter, or the default. */
function count(ctx: RequestContext, name: string, fallback: number, max: number): number {
  const raw = ctx.url.searchParams.get(name)
  const n = raw === null ? fallback : Number(raw)
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback
}

/** Both providers' apps as of now: Akkeris builds and formations, DigitalOcean deployments and instances. */
function worldSnapshot(ctx: RequestContext) {
  const { sim } = ctx
  const history = count(ctx, 'history', HISTORY, 100)
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())
  const akkeris = sim.backends.akkeris
  const digitalocean = sim.backends.digitalocean
  return {
    now: sim.clock.iso(),
    akkeris: sim.akkeris.apps().map((app) => ({
      id: app.id,
      key: app.key,
      name: app.name,
      space: app.space,
      stack: app.stack,
      formations: akkeris.formations(app).map((f) => ({ type: f.type, quantity: f.quantity, size: f.size })),
      builds: akkeris
        .builds(app)
        .slice(-history)
        .map((b) => ({ id: b.id, status: b.status, createdAt: iso(b.createdAt), startedAt: iso(b.startedAt), finishedAt: iso(b.finishedAt) })),
      // the same dynos as GET /apps/{app}/dynos
      dynos: listDynos(akkeris, app.id).dynos.map((d) => ({ instance: d.instance, state: d.state, restarts: d.restarts })),
      // user restarts and dyno crashes so far, for the charts' markers
      restarts: dynoRestarts(akkeris, app).filter((r) => r.at <= sim.clock.now()).slice(-history).map((r) => iso(r.at)),
      crashes: appDynoCrashes(akkeris, app).filter((c) => c.at <= sim.clock.now()).slice(-history).map((c) => ({ at: iso(c.at), instance: c.instance })),
    })),
    digitalocean: sim.digitalocean.apps().map((app) => {
      const active = digitalocean.activeDeployment(app)
      return {
        id: app.id,
        name: app.name,
        region: app.region,
        activeDeployment: active?.record.id ?? null,
        components: app.components.map((c) => {
          const runs = c.kind === 'service' || c.kind === 'worker'
          const metric = metricComponent(digitalocean, app, c, active)
          const now = sim.clock.now()
          return {
            name: c.name,
            kind: c.kind,
            crashing: c.crashing,
            // as GET /v2/apps/{id}/health and the restart_count metric read them
            state: runs ? componentHealth({ seed: sim.seed, appId: app.id, component: metric, atMs: now }).state : null,
            instances: active
              ? aliasesAt(digitalocean, app, c, now).map((alias) => ({
                  alias,
                  name: digitalocean.instanceName(app, c, alias, active.record.id),
                  restarts: metricValueAt({ seed: sim.seed, appId: app.id, component: metric, instance: alias }, 'restart_count', now),
                }))
              : [],
          }
        }),
        deployments: digitalocean
          .deployments(app)
          .slice(-history)
          .map((d) => ({
            id: d.record.id,
            cause: d.record.cause,
            phase: d.state.phase,
            createdAt: iso(d.record.createdAt),
            progress: { success: d.state.progress.success_steps, error: d.state.progress.error_steps, total: d.state.progress.total_steps },
          })),
      }
    }),
  }
}

const wanted = (ctx: RequestContext) => {
  const provider = ctx.url.searchParams.get('provider')
  const operationId = ctx.url.searchParams.get('operationId')
  return (e: JournalEntry) => (!provider || e.provider === provider) && (!operationId || e.operationId === operationId)
}

/** `GET /__paasim/world`, `GET /__paasim/journal/events`, `GET /__paasim/clock/events`. */
export const watchRoutes: Route[] = [
  { method: 'GET', path: '/__paasim/world', operationId: 'control.world.get', resolve: (ctx) => json(worldSnapshot(ctx)) },
  {
    method: 'GET',
    path: '/__paasim/journal/events',
    operationId: 'control.journal.events',
    resolve: (ctx) => {
      const keep = wanted(ctx)
      const backlog = count(ctx, 'backlog', 0, 1000)
      return eventStream(ctx, (send) => {
        if (backlog) for (const entry of ctx.sim.journal.list().filter(keep).slice(-backlog)) send('journal', entry)
        return ctx.sim.journal.subscribe((entry) => keep(entry) && send('journal', entry))
      })
    },
  },
  {
    method: 'GET',
    path: '/__paasim/clock/events',
    operationId: 'control.clock.events',
    resolve: (ctx) =>
      eventStream(ctx, (send) => {
        send('clock', clockState(ctx))
        return ctx.sim.clock.onChange(() => send('clock', clockState(ctx)))
      }),
  },
]
