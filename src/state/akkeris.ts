/**
 * Akkeris collections. Records hold what was decided when a resource was created (ids, times,
 * planned outcome); anything that changes with time (build status, session expiry) is derived at
 * read time from the clock, so advancing the clock never writes here.
 */
import { Collection } from '@msw/data'
import { z } from 'zod'

const ref = z.object({ id: z.string(), name: z.string() })

export const spaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  compliance: z.array(z.string()),
  createdAt: z.number(),
})

export const appSchema = z.object({
  id: z.string(),
  name: z.string(),
  space: z.string(),
  organization: ref,
  region: ref,
  stackRef: ref,
  stack: z.enum(['node', 'python', 'go', 'ruby', 'docker']),
  repo: z.string(),
  branch: z.string(),
  description: z.string(),
  labels: z.string(),
  maintenance: z.boolean(),
  preview: z.boolean(),
  owner: z.object({ id: z.string(), email: z.string() }),
  repoSize: z.number(),
  slugSize: z.number(),
  requestsPerMinute: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
})

export const formationSchema = z.object({
  id: z.string(),
  appId: z.string(),
  type: z.string(),
  quantity: z.number().int().min(0),
  size: z.string(),
  command: z.string().nullable(),
  port: z.number().nullable(),
  healthcheck: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})

export const buildSchema = z.object({
  id: z.string(),
  appId: z.string(),
  createdAt: z.number(),
  /** when it leaves `queued` and starts running */
  startedAt: z.number(),
  outcome: z.enum(['succeeded', 'failed']),
  sha: z.string(),
  branch: z.string(),
  repo: z.string(),
  author: z.string(),
  message: z.string(),
  version: z.string(),
  checksum: z.string(),
  slugId: z.string(),
  number: z.number().int(),
  userId: z.string(),
})

export const siteSchema = z.object({
  id: z.string(),
  domain: z.string(),
  region: ref,
  description: z.string(),
  labels: z.string(),
  compliance: z.array(z.string()),
  routes: z.array(z.object({ path: z.string(), appId: z.string() })),
  requestsPerMinute: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
})

export const logSessionSchema = z.object({
  id: z.string(),
  target: z.enum(['app', 'site']),
  targetId: z.string(),
  lines: z.number().int(),
  tail: z.boolean(),
  createdAt: z.number(),
  /** set when a stream has claimed the session: sessions are single use */
  openedAt: z.number().nullable(),
})

/** A user-requested restart: every type (`type` null), one type, or one dyno (`dyno` set). */
export const dynoRestartSchema = z.object({
  id: z.string(),
  appId: z.string(),
  type: z.string().nullable(),
  /** `<hash>-<suffix>` of the one dyno restarted, or null for a whole type. */
  dyno: z.string().nullable(),
  at: z.number(),
})

/** Crashes of dynos started by an incident: once, or `times` times `everyMs` apart. */
export const dynoCrashSchema = z.object({
  id: z.string(),
  appId: z.string(),
  type: z.string(),
  /** `<hash>-<suffix>` of the one dyno crashed, or null for every dyno of the type. */
  dyno: z.string().nullable(),
  /** The first crash, epoch ms (a whole second: a log second is never written twice). */
  at: z.number(),
  times: z.number().int().min(1),
  everyMs: z.number(),
  /** Why the process dies; null: a seeded cause per dyno. */
  cause: z.enum(['oom', 'econnrefused', 'uncaught']).nullable(),
})

/** A log drain of an app or a site: where its lines are forwarded. */
export const logDrainSchema = z.object({
  id: z.string(),
  target: z.enum(['app', 'site']),
  targetId: z.string(),
  /** As posted (not normalised). */
  url: z.string(),
  createdAt: z.number(),
  /** Microseconds within `createdAt`'s millisecond, for Go's fractional timestamps. */
  micros: z.number().int(),
})

export type SpaceRecord = z.infer<typeof spaceSchema>
export type AppRecord = z.infer<typeof appSchema>
export type FormationRecord = z.infer<typeof formationSchema>
export type BuildRecord = z.infer<typeof buildSchema>
export type SiteRecord = z.infer<typeof siteSchema>
export type LogSessionRecord = z.infer<typeof logSessionSchema>
export type DynoRestartRecord = z.infer<typeof dynoRestartSchema>
export type LogDrainRecord = z.infer<typeof logDrainSchema>
export type DynoCrashRecord = z.infer<typeof dynoCrashSchema>

/** Creates the Akkeris collections of one world. */
export function createAkkerisCollections() {
  return {
    spaces: new Collection({ schema: spaceSchema }),
    apps: new Collection({ schema: appSchema }),
    formations: new Collection({ schema: formationSchema }),
    builds: new Collection({ schema: buildSchema }),
    sites: new Collection({ schema: siteSchema }),
    logSessions: new Collection({ schema: logSessionSchema }),
    dynoRestarts: new Collection({ schema: dynoRestartSchema }),
    dynoCrashes: new Collection({ schema: dynoCrashSchema }),
    logDrains: new Collection({ schema: logDrainSchema }),
  }
}

export type AkkerisCollections = ReturnType<typeof createAkkerisCollections>
