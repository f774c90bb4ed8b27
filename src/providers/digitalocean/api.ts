/** `sim.digitalocean`: the programmatic side of the App Platform world, for arranging tests. */
import type { Simulation } from '../../sim.js'
import type { DoAppRecord, DoEventRecord, DoJobInvocationRecord } from '../../state/digitalocean.js'
import { createAutoscaleEvent, createJobInvocation } from './activity.js'
import { toMillis } from '../../core/duration.js'
import type { CrashCause } from '../../simulation/digitalocean/index.js'
import { autoscaleComponent, crashComponent, failDeployment, type CrashPlan } from './incidents.js'
import { restartApp } from './restarts.js'
import type { CreateDeploymentInput, CreateDoAppInput, DeploymentView } from './backend.js'

/** Arrange and inspect the App Platform world. Mutations wait for the world to be ready. */
export class DigitalOceanApi {
  constructor(private readonly sim: Simulation) {}

  // reads throw until the world is built (a fresh sim or a reset would otherwise answer [] or half a world)
  private get backend() {
    return this.sim.readyBackends().digitalocean
  }

  /** Creates an app with components, e.g. `{ name: 'api', components: [{ name: 'web', instanceCount: 2 }] }`. */
  async createApp(input: CreateDoAppInput): Promise<DoAppRecord> {
    await this.sim.ready
    return this.backend.createApp(input)
  }

  /** Starts a deployment; it moves through its phases as the clock advances. */
  async createDeployment(appId: string, input: CreateDeploymentInput = {}): Promise<DeploymentView> {
    await this.sim.ready
    return this.backend.createDeployment(appId, input)
  }

  /** Cancels a deployment in progress (phase CANCELED); one that already ended is returned unchanged. */
  async cancelDeployment(appId: string, deploymentId: string): Promise<DeploymentView> {
    await this.sim.ready
    return this.backend.cancelDeployment(appId, deploymentId)
  }

  /** A rolling restart of some components (every service and worker by default), as `POST /v2/apps/{app_id}/restart`. */
  async restart(appId: string, components: string[] = []): Promise<DeploymentView> {
    await this.sim.ready
    return restartApp(this.backend, appId, components)
  }

  /**
   * Crashes a component's instances (every one, or `instance`), once or in a loop of `times`
   * crashes `every` apart on the simulation clock: RUN and RUN_RESTARTED logs, `restart_count`,
   * memory and CPU, and health all show each crash. Resolves with the restart instants per instance.
   */
  async crash(appId: string, input: { component: string; instance?: string; loop?: { times: number; every: string | number }; at?: string | number | Date; cause?: CrashCause }): Promise<CrashPlan> {
    await this.sim.ready
    const { loop, at, ...rest } = input
    return crashComponent(this.backend, this.app(appId).id, { ...rest, loop: loop && { times: loop.times, everyMs: toMillis(loop.every) }, at: at === undefined ? undefined : new Date(at).getTime() })
  }

  /** Starts a deployment that ends ERROR in `phase` (`BUILDING` or `DEPLOYING`, the default), failing `component` (default seeded). */
  async failDeployment(appId: string, input: { phase?: 'BUILDING' | 'DEPLOYING'; component?: string; at?: string | number | Date; cause?: string } = {}): Promise<DeploymentView> {
    await this.sim.ready
    const { at, ...rest } = input
    return failDeployment(this.backend, this.app(appId).id, { ...rest, at: at === undefined ? undefined : new Date(at).getTime() })
  }

  /** An autoscale event: the component goes to `to` instances; its instances, metrics, health and logs follow. */
  async autoscale(appId: string, input: { component: string; to: number; at?: string | number | Date }): Promise<DoEventRecord> {
    await this.sim.ready
    const { at, ...rest } = input
    return autoscaleComponent(this.backend, this.app(appId).id, { ...rest, at: at === undefined ? undefined : new Date(at).getTime() })
  }

  /** Records a job invocation of a job component. */
  async createJobInvocation(appId: string, job: string, input: { agoMs?: number; succeeds?: boolean } = {}): Promise<DoJobInvocationRecord> {
    await this.sim.ready
    return createJobInvocation(this.backend, appId, job, input)
  }

  /** Records an autoscaling event of a component. */
  async createAutoscaleEvent(appId: string, component: string, input: { agoMs?: number; from?: number; to?: number } = {}): Promise<DoEventRecord> {
    await this.sim.ready
    return createAutoscaleEvent(this.backend, appId, component, input)
  }

  /** Every app (after `await sim.ready`). */
  apps(): DoAppRecord[] {
    return this.backend.listApps()
  }

  /** One app by id or name. */
  app(idOrName: string): DoAppRecord {
    return this.backend.listApps().find((a) => a.name === idOrName) ?? this.backend.app(idOrName)
  }

  /** An app's deployments as of now, oldest first. */
  deployments(appId: string): DeploymentView[] {
    return this.backend.deployments(this.backend.app(appId))
  }

  /** Uses up a token's hourly rate limit (for testing 429 handling). */
  exhaustRateLimit(token: string): void {
    this.sim.rateLimits.exhaust(token)
  }
}
