/**
 * DigitalOcean App Platform domain operations over one world: lookups (throwing `not_found`),
 * deployments as seen at the clock's time, and the creation of apps, deployments, job
 * invocations and autoscale events.
 */
import { SimError } from '../../core/errors.js'
import { uuid } from '../../core/ids.js'
import {
  activeDeploymentIndex,
  deploymentStatesAt,
  cancelTimeline,
  deploymentTimeline,
  podName,
  restartTimeline,
  type DeploymentState,
  type VariantTimeline,
} from '../../simulation/digitalocean/index.js'
import type { DoAppRecord, DoComponentRecord, DoCrashRecord, DoDeploymentRecord, DoEventRecord } from '../../state/digitalocean.js'
import type { World } from '../../state/world.js'
import type { CreateDeploymentInput, CreateDoAppInput } from './inputs.js'
import { insertRecord } from '../../state/records.js'

export type { CreateComponentInput, CreateDeploymentInput, CreateDoAppInput } from './inputs.js'

/** A deployment with its timeline and its state at the time asked. */
export interface DeploymentView {
  record: DoDeploymentRecord
  timeline: VariantTimeline
  state: DeploymentState
}

const APP_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/
const REGIONS = ['nyc', 'ams', 'sfo', 'fra', 'lon', 'sgp', 'tor', 'blr', 'syd', 'atl']
const TIMELINE_CACHE = 1024

/** App Platform operations on one world. */
export class DigitalOceanBackend {
  #timelines = new Map<string, VariantTimeline>()
  /**
   * Deployment views per app, valid from `at` until the next instant any of its deployments
   * changes (a phase or step boundary); dropped when a deployment is added.
   */
  #views = new Map<string, { at: number; until: number; views: DeploymentView[]; derived?: Map<string, unknown> }>()
  /** Apps by id, as created (apps are never modified once created; cleared on reset). */
  #apps = new Map<string, DoAppRecord>()
  #names = new Set<string>()
  #sortedApps: DoAppRecord[] | undefined
  /** Each app's incident crash records, oldest first (see `incidents.ts`). */
  readonly crashIndex = new Map<string, DoCrashRecord[]>()
  /** Each app's applied autoscale events, oldest first (see `incidents.ts`). */
  readonly scaleIndex = new Map<string, DoEventRecord[]>()
  /** Values derived from those two indexes, with the index arrays they were derived from (replaced, never changed, on a write). */
  readonly incidentMemo = new Map<string, { from: unknown[]; value: unknown }>()
  /** Each app's deployment records, oldest first: `@msw/data` queries scan every record. */
  #deploymentsByApp = new Map<string, DoDeploymentRecord[]>()

  constructor(readonly world: World) {}

  get db() {
    return this.world.digitalocean
  }

  now(): number {
    return this.world.clock.now()
  }

  /** Every app, oldest first. */
  listApps(): DoAppRecord[] {
    this.#sortedApps ??= [...this.#apps.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    return this.#sortedApps.slice()
  }

  /** An app by id. */
  app(id: string): DoAppRecord {
    const found = this.#apps.get(id)
    if (!found) throw new SimError('not_found')
    return found
  }

  /** The deployment's timeline (pure, cached). */
  timeline(app: DoAppRecord, d: DoDeploymentRecord): VariantTimeline {
    const key = `${d.id}:${d.canceledAt ?? ''}`
    let t = this.#timelines.get(key)
    if (!t) {
      const restarted = d.restartComponents
      const input = {
        seed: this.world.seed,
        deploymentId: d.id,
        createdAt: d.createdAt,
        components: app.components.filter((c) => !restarted || restarted.includes(c.name)).map((c) => ({ name: c.name, kind: c.kind, stack: c.stack })),
        outcome: d.outcome,
        failedComponent: d.failedComponent ?? undefined,
      }
      t = restarted ? restartTimeline(input) : deploymentTimeline(input)
      if (d.canceledAt !== null) t = cancelTimeline(t, d.canceledAt)
      if (this.#timelines.size >= TIMELINE_CACHE) this.#timelines.delete(this.#timelines.keys().next().value!)
      this.#timelines.set(key, t)
    }
    return t
  }

  /** The app's deployments at `now` (those created by then), oldest first. */
  deployments(app: DoAppRecord, now = this.now()): DeploymentView[] {
    const memo = this.#views.get(app.id)
    if (memo && memo.at <= now && now < memo.until) return memo.views.slice()
    const all = this.#deploymentsByApp.get(app.id) ?? []
    const records = all.filter((d) => d.createdAt <= now)
    const timelines = records.map((r) => this.timeline(app, r))
    const states = deploymentStatesAt(timelines, now)
    const views = records.map((record, i) => ({ record, timeline: timelines[i], state: states[i] }))
    let until = all.find((d) => d.createdAt > now)?.createdAt ?? Infinity
    for (const t of timelines) {
      const next = t.events.find((e) => e > now)
      if (next !== undefined && next < until) until = next
    }
    // one entry per app, replaced as time moves: bounded by the world's size
    this.#views.set(app.id, { at: now, until, views })
    return views.slice()
  }

  /**
   * `compute()` once while the app's deployments look the same (until one of them changes phase or
   * step, or one is added): for values derived from the app and its deployment views alone.
   */
  derived<T>(app: DoAppRecord, key: string, compute: () => T): T {
    this.deployments(app)
    const memo = this.#views.get(app.id)!
    const derived = (memo.derived ??= new Map())
    if (derived.has(key)) return derived.get(key) as T
    const value = compute()
    derived.set(key, value)
    return value
  }

  /** One deployment of the app. */
  deployment(app: DoAppRecord, id: string): DeploymentView {
    const found = this.deployments(app).find((d) => d.record.id === id)
    if (!found) throw new SimError('not_found')
    return found
  }

  /** The deployment serving the app now, if any. */
  activeDeployment(app: DoAppRecord, now = this.now()): DeploymentView | undefined {
    const all = this.deployments(app, now)
    const i = activeDeploymentIndex(all.map((d) => d.timeline), now)
    return i >= 0 ? all[i] : undefined
  }

  /** The newest deployment still building or deploying, if any. */
  inProgressDeployment(app: DoAppRecord, now = this.now()): DeploymentView | undefined {
    return this.deployments(app, now)
      .reverse()
      .find((d) => now < d.timeline.finishedAt)
  }

  /** Instance aliases of a component (`web-0`, `web-1`). */
  aliases(c: DoComponentRecord): string[] {
    return Array.from({ length: c.kind === 'static_site' ? 0 : c.instanceCount }, (_, i) => `${c.name}-${i}`)
  }

  /** Kubernetes-style pod name of an instance under a deployment. */
  instanceName(app: DoAppRecord, c: DoComponentRecord, alias: string, deploymentId: string): string {
    return podName(this.world.seed, app.id, c.name, alias, deploymentId)
  }

  /** A component of the app by name, or `not_found`. */
  component(app: DoAppRecord, name: string): DoComponentRecord {
    const c = app.components.find((x) => x.name === name)
    if (!c) throw new SimError('not_found')
    return c
  }

  /** Creates an app (no deployment yet; see {@link createDeployment}). */
  async createApp(input: CreateDoAppInput): Promise<DoAppRecord> {
    if (!APP_NAME.test(input.name)) throw new RangeError(`App Platform names match ${APP_NAME}, got ${JSON.stringify(input.name)}`)
    if (this.#names.has(input.name)) throw new RangeError(`an app named ${input.name} already exists`)
    const { random } = this.world
    const now = this.now() - (input.agoMs ?? 0)
    const components = (input.components ?? [{ name: 'web' }]).map((c) => {
      const kind = c.kind ?? 'service'
      return {
        name: c.name,
        kind,
        stack: c.stack ?? random.pick(['node', 'python', 'go', 'ruby', 'docker'] as const),
        instanceCount: c.instanceCount ?? (kind === 'static_site' ? 0 : 1),
        instanceSizeSlug: c.instanceSizeSlug ?? 'apps-s-1vcpu-1gb',
        crashing: c.crashing ?? false,
        requestsPerMinute: c.requestsPerMinute ?? (kind === 'service' ? random.int(30, 600) : kind === 'worker' ? random.int(5, 60) : 0),
        jobKind: kind === 'job' ? (c.jobKind ?? 'PRE_DEPLOY') : null,
      }
    })
    if (components.length === 0) throw new RangeError('an app needs at least one component')
    const app = await insertRecord(this.db.apps, {
      id: uuid(random),
      name: input.name,
      region: input.region ?? random.pick(REGIONS),
      tierSlug: input.tierSlug ?? 'basic',
      ownerUuid: uuid(random),
      projectId: uuid(random),
      repo: `digitalocean/sample-${input.name}`,
      branch: 'main',
      ingressHost: `${input.name}-${random.hex(3).slice(0, 5)}.ondigitalocean.app`,
      components,
      createdAt: now,
      updatedAt: now,
    }, this.world.loading)
    this.#apps.set(app.id, app)
    this.#names.add(app.name)
    this.#sortedApps = undefined
    return app
  }

  /** Creates a deployment that moves through its phases on the clock. */
  async createDeployment(appId: string, input: CreateDeploymentInput = {}): Promise<DeploymentView> {
    const record = await this.addDeployment(appId, input)
    return this.deployment(this.app(appId), record.id)
  }

  /** Stores a new deployment without working out its state (loading a world needs no views). */
  async addDeployment(appId: string, input: CreateDeploymentInput = {}): Promise<DoDeploymentRecord> {
    const app = this.app(appId)
    const { random } = this.world
    const previous = this.#deploymentsByApp.get(appId) ?? []
    const record = await insertRecord(this.db.deployments, {
      id: uuid(random),
      appId,
      createdAt: this.now() - (input.agoMs ?? 0),
      cause: input.cause ?? (previous.length === 0 ? 'app creation' : `commit ${random.hex(4)} pushed to github.com/${app.repo}/tree/${app.branch}`),
      outcome: input.outcome ?? 'success',
      sha: input.sha ?? random.hex(20),
      forceBuild: input.forceBuild ?? false,
      restartComponents: input.restartComponents ?? null,
      canceledAt: null,
      failedComponent: input.failedComponent ?? null,
    }, this.world.loading)
    // ordered by (createdAt, id), as the views list them
    let i = previous.length
    while (i > 0 && (previous[i - 1].createdAt > record.createdAt || (previous[i - 1].createdAt === record.createdAt && previous[i - 1].id.localeCompare(record.id) > 0))) i--
    previous.splice(i, 0, record)
    this.#deploymentsByApp.set(appId, previous)
    this.#views.delete(appId)
    return record
  }

  /**
   * Cancels a deployment still in progress: it ends CANCELED now and the deployment that was
   * active stays active. One that already ended (or was cancelled) is answered unchanged.
   */
  async cancelDeployment(appId: string, deploymentId: string): Promise<DeploymentView> {
    const app = this.app(appId)
    const d = this.deployment(app, deploymentId)
    const now = this.now()
    if (now < d.timeline.finishedAt) {
      const updated = await this.db.deployments.update((q) => q.where({ id: d.record.id }), { data: (r) => void (r.canceledAt = now) })
      // the collection hands back a new record: the index must hold it
      const list = this.#deploymentsByApp.get(app.id) ?? []
      const i = list.findIndex((r) => r.id === d.record.id)
      if (updated && i >= 0) list[i] = updated
      this.#views.delete(app.id)
    }
    return this.deployment(app, deploymentId)
  }

  /** The indexes as they stand; the function returned puts them back (with the collections restored alongside). */
  snapshot(): () => void {
    const apps = new Map(this.#apps)
    const names = new Set(this.#names)
    const deployments = [...this.#deploymentsByApp].map(([id, list]) => [id, list.slice()] as const)
    // the incident indexes' arrays are replaced on a write, never changed: the maps are copied as they are
    const crashes = new Map(this.crashIndex)
    const scales = new Map(this.scaleIndex)
    return () => {
      this.clear()
      for (const [id, app] of apps) this.#apps.set(id, app)
      for (const name of names) this.#names.add(name)
      for (const [id, list] of deployments) this.#deploymentsByApp.set(id, list.slice())
      for (const [id, list] of crashes) this.crashIndex.set(id, list)
      for (const [id, list] of scales) this.scaleIndex.set(id, list)
    }
  }

  /** Forgets the caches and indexes (on reset, with the collections emptied). */
  clear(): void {
    this.#timelines.clear()
    this.#views.clear()
    this.#apps.clear()
    this.#names.clear()
    this.#sortedApps = undefined
    this.#deploymentsByApp.clear()
    this.crashIndex.clear()
    this.scaleIndex.clear()
    this.incidentMemo.clear()
  }
}
