/** `sim.akkeris`: the programmatic side of the Akkeris world, for arranging tests. */
import type { Simulation } from '../../sim.js'
import type { AppRecord, SiteRecord } from '../../state/akkeris.js'
import type { CreateAppInput, CreateBuildInput } from './backend.js'
import type { DynoView } from './dyno-history.js'
import { listDynos, restartDynos, type RestartAnswer } from './dynos.js'
import { listReleases, type ReleaseView } from './releases.js'
import { createDrain, deleteDrain, listDrains, type DrainTarget } from './drains.js'
import type { DynoCrashRecord, LogDrainRecord } from '../../state/akkeris.js'
import { toMillis } from '../../core/duration.js'
import { crashDynos, type DynoCrashCause } from './crashes.js'
import { appKey, type BuildView } from './timeline.js'

/** An app record with its `<name>-<space>` key. */
export type AkkerisApp = AppRecord & { key: string }

/** Arrange and inspect the Akkeris world. Mutations wait for the world to be ready. */
export class AkkerisApi {
  constructor(private readonly sim: Simulation) {}

  // reads throw until the world is built (a fresh sim or a reset would otherwise answer [] or half a world)
  private get backend() {
    return this.sim.readyBackends().akkeris
  }

  /** Creates an app (and its space if new) with formations, e.g. `{ name: 'api', formation: { web: 2 } }`. */
  async createApp(input: CreateAppInput): Promise<AkkerisApp> {
    await this.sim.ready
    const app = await this.backend.createApp(input)
    return { ...app, key: appKey(app) }
  }

  /** Queues a build of an app (by id or key); `outcome` decides how it ends. */
  async createBuild(app: string, input: CreateBuildInput = {}): Promise<BuildView> {
    await this.sim.ready
    return (await this.backend.createBuild(app, input)).build
  }

  /** Creates a site routing paths to apps. */
  async createSite(input: { domain: string; routes?: Array<{ path: string; app: string }>; requestsPerMinute?: number }): Promise<SiteRecord> {
    await this.sim.ready
    return this.backend.createSite(input)
  }

  /** Every app (after `await sim.ready`). */
  apps(): AkkerisApp[] {
    return this.backend.listApps().map((a) => ({ ...a, key: appKey(a) }))
  }

  /** One app by id or key. */
  app(ref: string): AkkerisApp {
    const a = this.backend.app(ref)
    return { ...a, key: appKey(a) }
  }

  /** An app's builds as of now, oldest first. */
  builds(app: string): BuildView[] {
    return this.backend.builds(this.backend.app(app))
  }

  /** One build as of now. */
  build(app: string, buildId: string): BuildView {
    return this.backend.build(app, buildId).build
  }

  /** Every site. */
  sites(): SiteRecord[] {
    return this.backend.listSites()
  }

  /** The app's dynos as of now (`<type>.<name>` in `instance`), pods still stopping after a restart included. */
  dynos(app: string): DynoView[] {
    return listDynos(this.backend, app).dynos.map(({ formation: _formation, ...d }) => d)
  }

  /**
   * Restarts dynos as `DELETE /apps/{app}/dynos[/{target}]` does: every type (no target), one type
   * (`'web'`) or one dyno (`'web.<name>'`). The event lines, dyno list and metrics follow.
   */
  async restartDynos(app: string, target?: string): Promise<RestartAnswer> {
    await this.sim.ready
    return restartDynos(this.backend, app, target)
  }

  /** Restarts dynos (every type, `'web'` or `'web.<name>'`); the same as {@link restartDynos}. */
  async restart(app: string, target?: string): Promise<RestartAnswer> {
    return this.restartDynos(app, target)
  }

  /**
   * Crashes every dyno of a type (`'web'`) or one dyno (`'web.<name>'`), once or in a loop of
   * `times` crashes `every` apart: `app-crashed` with `CrashLoopBackOff` and a rising `restarts`
   * in the dyno routes, the crash and `akkeris/event:` lines in log sessions, memory falling back
   * in the metrics. The first crash is at the next whole second (or at `at`).
   */
  async crash(app: string, target: string, input: { loop?: { times: number; every: string | number }; at?: string | number | Date; cause?: DynoCrashCause } = {}): Promise<DynoCrashRecord> {
    await this.sim.ready
    const { loop, at, cause } = input
    return crashDynos(this.backend, app, target, { cause, loop: loop && { times: loop.times, everyMs: toMillis(loop.every) }, at: at === undefined ? undefined : new Date(at).getTime() })
  }

  /** The app's releases as of now, oldest first (one per succeeded build). */
  releases(app: string): ReleaseView[] {
    return listReleases(this.backend, this.backend.app(app))
  }

  /** The drain target of an app key/id, or of a site (`{ site: domain or id }`). */
  private drainTarget(target: string | { site: string }): DrainTarget {
    return typeof target === 'string' ? { app: this.backend.app(target) } : { site: this.backend.site(target.site) }
  }

  /**
   * Adds a log drain to an app (by key or id) or a site (`{ site }`), as `POST .../log-drains` does;
   * its lines are delivered from then on (HTTP(S) with `fetch`; syslog needs the Node server).
   */
  async createDrain(target: string | { site: string }, url: string): Promise<LogDrainRecord> {
    await this.sim.ready
    return createDrain(this.backend, this.drainTarget(target), { url })
  }

  /** The drains of an app or a site, in creation order. */
  drains(target: string | { site: string }): LogDrainRecord[] {
    return listDrains(this.backend, this.drainTarget(target))
  }

  /** Removes a drain; its delivery stops at once. */
  async removeDrain(target: string | { site: string }, drainId: string): Promise<LogDrainRecord> {
    await this.sim.ready
    return deleteDrain(this.backend, this.drainTarget(target), drainId)
  }
}
