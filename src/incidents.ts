/**
 * Incidents: changes to the world that every view of it shows — crashes and crash loops, restarts,
 * failed builds and deployments, autoscaling. One entry point takes the JSON that
 * `POST /__paasim/incidents`, fixture `events` and `serve --faults FILE` give; the typed methods
 * (`sim.digitalocean.crash`, `sim.akkeris.crash`, …) call the same provider operations.
 */
import { parseDuration } from './core/duration.js'
import { SimError } from './core/errors.js'
import { crashDynos } from './providers/akkeris/crashes.js'
import { scheduleRestart } from './providers/akkeris/dynos.js'
import { appKey } from './providers/akkeris/timeline.js'
import { autoscaleComponent, crashComponent, failDeployment } from './providers/digitalocean/incidents.js'
import type { Backends } from './world-builder.js'

type When = { at?: string; in?: string }
type Loop = { times: number; every: string }
type Cause = 'oom' | 'econnrefused' | 'uncaught'

/** An incident as JSON (see `fixtures/schema.json`, `$defs` of `events[].incident`). */
export type Incident =
  | ({ provider: 'akkeris'; app: string; kind: 'build' | 'failed-build' } & When)
  | ({ provider: 'akkeris'; app: string; kind: 'restart'; dyno?: string } & When)
  | ({ provider: 'akkeris'; app: string; kind: 'crash'; dyno: string; loop?: Loop; cause?: Cause } & When)
  | ({ provider: 'digitalocean'; app: string; kind: 'deployment' } & When)
  | ({ provider: 'digitalocean'; app: string; kind: 'failed-build'; component?: string } & When)
  | ({ provider: 'digitalocean'; app: string; kind: 'failed-deploy'; phase?: 'BUILDING' | 'DEPLOYING'; component?: string } & When)
  | ({ provider: 'digitalocean'; app: string; kind: 'crash'; component: string; instance?: string; loop?: Loop; cause?: Cause } & When)
  | ({ provider: 'digitalocean'; app: string; kind: 'autoscale'; component: string; to: number } & When)

/** What starting an incident answers: what it is, on which app, and what it made. */
export interface IncidentResult {
  provider: 'akkeris' | 'digitalocean'
  kind: Incident['kind']
  /** Akkeris app key, or DigitalOcean app id. */
  app: string
  /** When it starts (ISO). */
  at: string
  /** The build, deployment, crash, restart or event record made. */
  id: string
  /** Build kinds: the build's id (as `id`). */
  build?: string
  /** Deployment kinds: the deployment's id (as `id`). */
  deployment?: string
  /** Crashes: when each instance is restarted (ISO), per Akkeris dyno target or DigitalOcean instance alias. */
  restarts?: Record<string, string[]>
}

/** When an incident starts: its `at`, or now plus `in`, or now. */
function startOf(incident: When, now: number): number {
  if (incident.at !== undefined && incident.in !== undefined) throw new SimError('bad_request', {}, 'give "at" or "in", not both')
  const at = incident.at !== undefined ? Date.parse(incident.at) : now + (parseDuration(incident.in ?? '0') ?? NaN)
  if (!Number.isFinite(at)) throw new SimError('bad_request', {}, 'bad "at" or "in"')
  if (at < now) throw new SimError('bad_request', {}, `"at" ${new Date(at).toISOString()} is in the past (the clock reads ${new Date(now).toISOString()})`)
  return at
}

const iso = (ms: number) => new Date(ms).toISOString()
const loopOf = (loop: Loop | undefined) => (loop ? { times: loop.times, everyMs: parseDuration(loop.every) ?? NaN } : undefined)

async function startAkkeris(backends: Backends, incident: Extract<Incident, { provider: 'akkeris' }>, at: number): Promise<IncidentResult> {
  const backend = backends.akkeris
  const app = backend.app(incident.app)
  const base = { provider: 'akkeris' as const, kind: incident.kind, app: appKey(app) }
  switch (incident.kind) {
    case 'build':
    case 'failed-build': {
      const { record } = await backend.addBuild(app.id, { outcome: incident.kind === 'build' ? 'succeeded' : 'failed', agoMs: backend.now() - at })
      backend.invalidate()
      return { ...base, at: iso(record.createdAt), id: record.id, build: record.id }
    }
    case 'restart': {
      // the current second may already be written to open streams: the event line goes in the next one
      const record = await scheduleRestart(backend, app.id, incident.dyno, Math.max(Math.floor(backend.now() / 1000) + 1, Math.ceil(at / 1000)) * 1000)
      return { ...base, at: iso(record.at), id: record.id }
    }
    case 'crash': {
      const record = await crashDynos(backend, app.id, incident.dyno, { loop: loopOf(incident.loop), at, cause: incident.cause })
      const restarts = Array.from({ length: record.times }, (_, k) => iso(record.at + k * record.everyMs))
      return { ...base, at: iso(record.at), id: record.id, restarts: { [incident.dyno]: restarts } }
    }
  }
}

async function startDigitalOcean(backends: Backends, incident: Extract<Incident, { provider: 'digitalocean' }>, at: number): Promise<IncidentResult> {
  const backend = backends.digitalocean
  const app = backend.listApps().find((a) => a.name === incident.app) ?? backend.app(incident.app)
  const base = { provider: 'digitalocean' as const, kind: incident.kind, app: app.id, at: iso(at) }
  switch (incident.kind) {
    case 'deployment': {
      const record = await backend.addDeployment(app.id, { agoMs: backend.now() - at, cause: 'started as an incident' })
      return { ...base, id: record.id, deployment: record.id }
    }
    case 'failed-build':
    case 'failed-deploy': {
      const phase = incident.kind === 'failed-build' ? 'BUILDING' : incident.phase
      const d = await failDeployment(backend, app.id, { phase, component: incident.component, at })
      return { ...base, id: d.record.id, deployment: d.record.id }
    }
    case 'crash': {
      const plan = await crashComponent(backend, app.id, { component: incident.component, instance: incident.instance, loop: loopOf(incident.loop), at, cause: incident.cause })
      return { ...base, id: plan.id, restarts: Object.fromEntries(Object.entries(plan.restarts).map(([alias, times]) => [alias, times.map(iso)])) }
    }
    case 'autoscale': {
      const event = await autoscaleComponent(backend, app.id, { component: incident.component, to: incident.to, at })
      return { ...base, id: event.id }
    }
  }
}

/**
 * Starts an incident given as JSON on a world's backends: validated first (a `TypeError` naming
 * each problem), then unknown apps, components and dyno types are the provider's `not_found`.
 */
export async function startIncident(backends: Backends, input: unknown): Promise<IncidentResult> {
  const { validateIncident } = await import('./fixtures/schema.js')
  const incident = validateIncident(input)
  const now = incident.provider === 'akkeris' ? backends.akkeris.now() : backends.digitalocean.now()
  const at = startOf(incident, now)
  return incident.provider === 'akkeris' ? startAkkeris(backends, incident, at) : startDigitalOcean(backends, incident, at)
}

/** `sim.incidents`: start incidents given as JSON (the control route's body, fixture `events`, `serve --faults`). */
export class Incidents {
  constructor(private readonly sim: { ready: Promise<void>; readyBackends(): Backends }) {}

  /**
   * Starts an incident, e.g. `{ provider: 'digitalocean', app: 'api', kind: 'crash', component:
   * 'web', loop: { times: 3, every: '2m' } }`; resolves with what it made and when. Bad input
   * rejects with a `TypeError` (each problem named) or the provider's `SimError`.
   */
  async start(input: unknown): Promise<IncidentResult> {
    await this.sim.ready
    return startIncident(this.sim.readyBackends(), input)
  }
}
