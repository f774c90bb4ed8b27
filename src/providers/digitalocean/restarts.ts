/**
 * App Platform restarts: a restart is a deployment without a build that rolls only some
 * components, so which deployment started a component's instances has to be looked up.
 */
import type { DoAppRecord, DoComponentRecord } from '../../state/digitalocean.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'

/**
 * A rolling restart of some components (every service and worker when `components` is empty):
 * a new deployment without a build that rolls only those. Jobs and static sites do not run, so
 * they are not restarted; an unknown component is `not_found`.
 */
export async function restartApp(backend: DigitalOceanBackend, appId: string, components: string[] = []): Promise<DeploymentView> {
  const app = backend.app(appId)
  for (const name of components) backend.component(app, name)
  const runners = app.components.filter((c) => c.kind === 'service' || c.kind === 'worker').map((c) => c.name)
  const chosen = components.length ? runners.filter((n) => components.includes(n)) : runners
  const names = chosen.length ? chosen : app.components.map((c) => c.name)
  return backend.createDeployment(appId, { restartComponents: names, cause: `app restart requested: ${names.join(', ')}` })
}

/**
 * The deployment whose rollout started the component's instances under `active`: `active`
 * itself, unless it is a restart that left the component alone; then the newest earlier one
 * that went live and rolled it.
 */
export function rolledDeployment(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, active: DeploymentView): DeploymentView {
  const rolls = (d: DeploymentView) => !d.timeline.restart || d.timeline.restart.components.includes(c.name)
  if (rolls(active)) return active
  const all = backend.deployments(app)
  for (let i = all.length - 1; i >= 0; i--) {
    const d = all[i]
    if (d.record.createdAt >= active.record.createdAt || d.timeline.activeAt === undefined || d.timeline.activeAt > active.record.createdAt) continue
    if (rolls(d)) return d
  }
  return active
}
