/**
 * DigitalOcean App Platform collections. As for Akkeris, records hold what was decided at creation
 * (spec, planned outcome, times); phases, progress, instances and restarts are derived from the clock.
 */
import { Collection } from '@msw/data'
import { z } from 'zod'

const stack = z.enum(['node', 'python', 'go', 'ruby', 'docker'])

export const doComponentSchema = z.object({
  name: z.string(),
  kind: z.enum(['service', 'worker', 'job', 'static_site']),
  stack,
  instanceCount: z.number().int().min(0),
  instanceSizeSlug: z.string(),
  /** Crash-loops and restarts on a seeded schedule. */
  crashing: z.boolean(),
  requestsPerMinute: z.number(),
  /** Jobs only: PRE_DEPLOY, POST_DEPLOY, FAILED_DEPLOY or SCHEDULED. */
  jobKind: z.string().nullable(),
})

export const doAppSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  tierSlug: z.string(),
  ownerUuid: z.string(),
  projectId: z.string(),
  repo: z.string(),
  branch: z.string(),
  ingressHost: z.string(),
  components: z.array(doComponentSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
})

export const doDeploymentSchema = z.object({
  id: z.string(),
  appId: z.string(),
  createdAt: z.number(),
  cause: z.string(),
  outcome: z.enum(['success', 'build_error', 'deploy_error']),
  sha: z.string(),
  /** `force_build` as asked when the deployment was created through the API. */
  forceBuild: z.boolean(),
  /** A restart (no build) of these components; null for a normal deployment. */
  restartComponents: z.array(z.string()).nullable(),
  /** When it was cancelled, if it was. */
  canceledAt: z.number().nullable(),
  /** The component whose build or health checks fail (an error outcome); null: a seeded pick. */
  failedComponent: z.string().nullable(),
})

export const doJobInvocationSchema = z.object({
  id: z.string(),
  appId: z.string(),
  jobName: z.string(),
  deploymentId: z.string(),
  createdAt: z.number(),
  durationMs: z.number(),
  succeeds: z.boolean(),
  trigger: z.enum(['SCHEDULE', 'MANUAL']),
})

export const doEventSchema = z.object({
  id: z.string(),
  appId: z.string(),
  createdAt: z.number(),
  deploymentId: z.string(),
  component: z.string(),
  fromCount: z.number().int(),
  toCount: z.number().int(),
  durationMs: z.number(),
  /** The instance count changes with it (an incident); false for a recorded event of the past. */
  applied: z.boolean(),
})

/** Crashes of a component's instances started by an incident: once, or `times` times `everyMs` apart. */
export const doCrashSchema = z.object({
  id: z.string(),
  appId: z.string(),
  component: z.string(),
  /** One instance alias (`web-0`), or null for every instance of the component. */
  instance: z.string().nullable(),
  /** When the first crash's output starts, epoch ms; the restart follows one second later. */
  at: z.number(),
  times: z.number().int().min(1),
  everyMs: z.number(),
  /** Why the process dies; null: the instance's own seeded cause. */
  cause: z.enum(['oom', 'econnrefused', 'uncaught']).nullable(),
  createdAt: z.number(),
})

export type DoComponentRecord = z.infer<typeof doComponentSchema>
export type DoAppRecord = z.infer<typeof doAppSchema>
export type DoDeploymentRecord = z.infer<typeof doDeploymentSchema>
export type DoJobInvocationRecord = z.infer<typeof doJobInvocationSchema>
export type DoEventRecord = z.infer<typeof doEventSchema>
export type DoCrashRecord = z.infer<typeof doCrashSchema>

/** Creates the DigitalOcean collections of one world. */
export function createDigitalOceanCollections() {
  return {
    apps: new Collection({ schema: doAppSchema }),
    deployments: new Collection({ schema: doDeploymentSchema }),
    jobInvocations: new Collection({ schema: doJobInvocationSchema }),
    events: new Collection({ schema: doEventSchema }),
    crashes: new Collection({ schema: doCrashSchema }),
  }
}

export type DigitalOceanCollections = ReturnType<typeof createDigitalOceanCollections>
