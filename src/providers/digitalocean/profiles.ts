/**
 * A component as the producers see it under the active deployment: what drives its RUN logs and
 * its metrics and health — the deployment that rolled its instances, which instances run when
 * (autoscaling) and the crashes incidents planned.
 */
import type { MetricComponent, RunProfile } from '../../simulation/digitalocean/index.js'
import type { DoAppRecord, DoComponentRecord } from '../../state/digitalocean.js'
import type { DeploymentView, DigitalOceanBackend } from './backend.js'
import { allAliases, crashesOf, instanceWindows } from './incidents.js'
import { rolledDeployment } from './restarts.js'

/** What drives a component's RUN logs under the active deployment. */
export function runProfile(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, active: DeploymentView): RunProfile {
  const rolled = rolledDeployment(backend, app, c, active)
  return {
    seed: backend.world.seed,
    appId: app.id,
    component: c.name,
    instances: allAliases(backend, app, c),
    windows: instanceWindows(backend, app, c),
    kind: c.kind,
    stack: c.stack,
    requestsPerMinute: c.requestsPerMinute,
    since: rolled.timeline.activeAt,
    crashing: c.crashing,
    deploymentId: rolled.record.id,
    crashes: crashesOf(backend, app, c),
  }
}

/** A component as the metric producers see it, under the active deployment. */
export function metricComponent(backend: DigitalOceanBackend, app: DoAppRecord, c: DoComponentRecord, active: DeploymentView | undefined): MetricComponent {
  return {
    name: c.name,
    instances: active ? allAliases(backend, app, c) : [],
    windows: instanceWindows(backend, app, c),
    crashing: c.crashing,
    since: active ? rolledDeployment(backend, app, c, active).timeline.activeAt : undefined,
    kind: c.kind,
    requestsPerMinute: c.requestsPerMinute,
    crashes: crashesOf(backend, app, c),
  }
}
