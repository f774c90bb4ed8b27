/**
 * paasim: a seeded, stateful simulator of the Akkeris and DigitalOcean App Platform logging and
 * metrics APIs, served in-process through msw and standalone through Express.
 */
export { createSim, Simulation, type SimOptions } from './sim.js'
export { Clock, type ClockMode, type ClockOptions } from './core/clock.js'
export { parseDuration } from './core/duration.js'
export { SimError, type SimErrorCode } from './core/errors.js'
export { DEFAULT_TOKEN, ALL_SCOPES, type TokenInfo, type TokenOption } from './http/tokens.js'
export type { FaultRule, FaultRuleInput, FaultKind } from './faults/rules.js'
export type { LatencyInput } from './faults/types.js'
export type { RateLimitOptions, RateLimitDecision } from './faults/rate-limit.js'
export type { JournalEntry } from './http/journal.js'
export type { Fixture, FixtureSummary } from './fixtures/index.js'
export { readFixture, listFixtures } from './fixtures/index.js'
export type { Incident, IncidentResult, Incidents } from './incidents.js'
export type { CrashPlan, CrashInput, FailDeploymentInput, AutoscaleInput } from './providers/digitalocean/incidents.js'
export type { DynoCrashCause, DynoCrashInput } from './providers/akkeris/crashes.js'
export type { HandlerOptions } from './transports/msw.js'
export type { ListenOptions, RunningServer } from './transports/server.js'
export type { AkkerisApp } from './providers/akkeris/api.js'
export type { CreateAppInput, CreateBuildInput } from './providers/akkeris/backend.js'
export type { BuildView, BuildStatus } from './providers/akkeris/timeline.js'
export type { AkkerisFixture, AkkerisAppFixture, AkkerisBuildFixture } from './providers/akkeris/seed.js'
export type { AkkerisApi } from './providers/akkeris/api.js'
export type { SiteRecord as AkkerisSite, DynoCrashRecord } from './state/akkeris.js'
export type { AkkerisAppBody, AkkerisFormationBody, AkkerisBuildBody, AkkerisBuildResultBody, AkkerisSiteBody, AkkerisLogSessionBody, AkkerisMetricsBody } from './providers/akkeris/bodies.js'
export type { DigitalOceanApi } from './providers/digitalocean/api.js'
export type { CreateDoAppInput, CreateComponentInput, CreateDeploymentInput, DeploymentView } from './providers/digitalocean/backend.js'
export type { DoAppRecord, DoComponentRecord, DoDeploymentRecord, DoJobInvocationRecord, DoEventRecord, DoCrashRecord } from './state/digitalocean.js'
export type { DigitalOceanFixture, DigitalOceanAppFixture } from './providers/digitalocean/seed.js'
export type {
  DoAppBody,
  DoDeploymentBody,
  DoPageBody,
  DoAppsListBody,
  DoAppGetBody,
  DoDeploymentsListBody,
  DoDeploymentGetBody,
  DoLogsBody,
  DoHealthBody,
  DoInstancesBody,
  DoBandwidthBody,
  DoAppMetricsBody,
  DoErrorBody,
  DoJobInvocationBody,
  DoEventBody,
} from './providers/digitalocean/bodies.js'
