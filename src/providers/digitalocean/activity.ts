/** App Platform activity besides deployments: job invocations and autoscale events. */
import { uuid } from '../../core/ids.js'
import type { DoEventRecord, DoJobInvocationRecord } from '../../state/digitalocean.js'
import type { DigitalOceanBackend } from './backend.js'
import { insertRecord } from '../../state/records.js'

/** Records a job invocation of a job component. */
export async function createJobInvocation(backend: DigitalOceanBackend, appId: string, jobName: string, input: { agoMs?: number; succeeds?: boolean } = {}): Promise<DoJobInvocationRecord> {
  const app = backend.app(appId)
  const job = backend.component(app, jobName)
  if (job.kind !== 'job') throw new RangeError(`${jobName} is not a job`)
  const active = backend.activeDeployment(app)
  const { random } = backend.world
  return insertRecord(backend.db.jobInvocations, {
    id: uuid(random),
    appId,
    jobName,
    deploymentId: active?.record.id ?? '',
    createdAt: backend.now() - (input.agoMs ?? 0),
    durationMs: random.int(8, 90) * 1000,
    succeeds: input.succeeds ?? random.chance(0.85),
    trigger: job.jobKind === 'SCHEDULED' ? 'SCHEDULE' : 'MANUAL',
  }, backend.world.loading)
}

/** Records an autoscaling event of a component. */
export async function createAutoscaleEvent(backend: DigitalOceanBackend, appId: string, component: string, input: { agoMs?: number; from?: number; to?: number; applied?: boolean } = {}): Promise<DoEventRecord> {
  const app = backend.app(appId)
  const c = backend.component(app, component)
  const active = backend.activeDeployment(app)
  const { random } = backend.world
  const from = input.from ?? c.instanceCount
  return insertRecord(backend.db.events, {
    id: uuid(random),
    appId,
    createdAt: backend.now() - (input.agoMs ?? 0),
    deploymentId: active?.record.id ?? '',
    component,
    fromCount: from,
    toCount: input.to ?? from + 1,
    durationMs: random.int(20, 90) * 1000,
    applied: input.applied ?? false,
  }, backend.world.loading)
}
