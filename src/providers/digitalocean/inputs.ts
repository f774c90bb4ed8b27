/** What callers pass to create App Platform apps and deployments (`sim.digitalocean`, fixtures, routes). */
import type { Stack } from '../../simulation/types.js'
import type { DoComponentRecord, DoDeploymentRecord } from '../../state/digitalocean.js'

/** A component as a caller describes it; the rest is drawn from the seed. */
export interface CreateComponentInput {
  name: string
  kind?: DoComponentRecord['kind']
  stack?: Stack
  instanceCount?: number
  instanceSizeSlug?: string
  crashing?: boolean
  requestsPerMinute?: number
  jobKind?: string
}

/** A new App Platform app. */
export interface CreateDoAppInput {
  name: string
  region?: string
  tierSlug?: string
  components?: CreateComponentInput[]
  /** Created this long ago (ms). */
  agoMs?: number
}

/** A new deployment of an app. */
export interface CreateDeploymentInput {
  outcome?: DoDeploymentRecord['outcome']
  cause?: string
  sha?: string
  /** Created this long ago (ms). */
  agoMs?: number
  /** `force_build` of `POST /v2/apps/{app_id}/deployments`. */
  forceBuild?: boolean
  /** A restart of these components (no build); see `restartApp`. */
  restartComponents?: string[]
  /** With an error outcome: the component that fails (default: a seeded pick). */
  failedComponent?: string
}
