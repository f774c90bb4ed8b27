/**
 * The DigitalOcean App Platform contract: Pact names, the provider-state vocabulary, and how each
 * state is set up in a simulation through `sim.digitalocean` and the token store.
 * @see ../../contracts/README.md
 */
import type { Simulation } from '../sim.js'
import type { DoAppRecord } from '../state/digitalocean.js'
import type { ContractProvider, StateSpec } from './providers.js'
import type { PactInteraction } from './types.js'

/** The bearer token DigitalOcean contracts carry (replaced by `paasim verify --token`). */
export const DIGITALOCEAN_CONTRACT_TOKEN = 'paasim-contract-token'

/** The app most states share: a service `web` with two instances and a `migrate` job. */
const APP_NAME = 'sample-app'
const SERVICE = 'web'
const JOB = 'migrate'
const HOUR = 3_600_000

function text(params: Record<string, unknown>, key: string, fallback: string): string {
  const value = params[key]
  return typeof value === 'string' && value !== '' ? value : fallback
}

/**
 * The shared app, created on first use with a deployment two hours old (long since ACTIVE), so the
 * states of one interaction all describe the same app.
 */
async function ensureApp(sim: Simulation): Promise<DoAppRecord> {
  await sim.ready
  const existing = sim.digitalocean.apps().find((a) => a.name === APP_NAME)
  if (existing) return existing
  const app = await sim.digitalocean.createApp({
    name: APP_NAME,
    region: 'nyc',
    agoMs: 3 * HOUR,
    components: [
      { name: SERVICE, kind: 'service', stack: 'node', instanceCount: 2 },
      { name: JOB, kind: 'job', stack: 'node', jobKind: 'PRE_DEPLOY' },
    ],
  })
  await sim.digitalocean.createDeployment(app.id, { agoMs: 2 * HOUR })
  return app
}

function activeDeploymentId(sim: Simulation, app: DoAppRecord): string {
  const active = sim.digitalocean.deployments(app.id).find((d) => d.state.phase === 'ACTIVE')
  if (!active) throw new Error(`the simulated app ${app.name} has no ACTIVE deployment`)
  return active.record.id
}

/** Adds a token the simulator accepts with only `scopes`. */
async function restrictedToken(sim: Simulation, token: string, scopes: string[]): Promise<string> {
  await sim.ready
  sim.tokens.add({ token, scopes })
  return token
}

const states: StateSpec[] = [
  {
    name: 'an app {app_id} exists',
    description:
      'An app with at least one service component whose latest deployment is ACTIVE. Values: `app_id` (its UUID). The simulator\'s app is `sample-app` (service `web` with 2 instances, job `migrate`).',
    setup: async (sim) => ({ app_id: (await ensureApp(sim)).id }),
  },
  {
    name: 'an app {app_id} has an active deployment {deployment_id}',
    description: 'The app of `an app {app_id} exists` and the deployment serving it (phase `ACTIVE`). Values: `app_id`, `deployment_id`.',
    async setup(sim) {
      const app = await ensureApp(sim)
      return { app_id: app.id, deployment_id: activeDeploymentId(sim, app) }
    },
  },
  {
    name: 'an app {app_id} has a deployment {running_deployment_id} in progress',
    description: 'The app of `an app {app_id} exists` with a deployment created moments ago, still building. Values: `app_id`, `running_deployment_id`.',
    async setup(sim) {
      const app = await ensureApp(sim)
      const deployment = await sim.digitalocean.createDeployment(app.id, { cause: 'manual' })
      sim.clock.advance('20s')
      return { app_id: app.id, running_deployment_id: deployment.record.id }
    },
  },
  {
    name: 'a token {read_only_token} without the app:update scope',
    description: 'A token that may read apps and metrics but not deploy or restart (`app:read`, `monitoring:read`). Values: `read_only_token`.',
    setup: async (sim, params) => ({ read_only_token: await restrictedToken(sim, text(params, 'read_only_token', 'paasim-read-only-token'), ['app:read', 'monitoring:read']) }),
  },
  {
    name: 'an app {app_id} has a service {component_name}',
    description: 'A service component of the app with running instances in its active deployment. Values: `app_id`, `component_name`.',
    setup: async (sim) => ({ app_id: (await ensureApp(sim)).id, component_name: SERVICE }),
  },
  {
    name: 'an app {app_id} has a job invocation {job_invocation_id} of job {job_name}',
    description: 'A finished invocation of a job component of the app. Values: `app_id`, `job_name`, `job_invocation_id`.',
    async setup(sim) {
      const app = await ensureApp(sim)
      const invocation = await sim.digitalocean.createJobInvocation(app.id, JOB, { agoMs: HOUR / 2, succeeds: true })
      return { app_id: app.id, job_name: JOB, job_invocation_id: invocation.id }
    },
  },
  {
    name: 'an app {app_id} has an autoscale event {event_id}',
    description: 'A finished autoscaling event of the app. Values: `app_id`, `event_id`.',
    async setup(sim) {
      const app = await ensureApp(sim)
      const event = await sim.digitalocean.createAutoscaleEvent(app.id, SERVICE, { agoMs: HOUR / 2, from: 2, to: 3 })
      return { app_id: app.id, event_id: event.id }
    },
  },
  {
    name: 'an app {app_id} has metrics from {start} to {end}',
    description: 'The app ran through the window `start`..`end` (unix seconds), so every instance has samples in it. Values: `app_id`, `start`, `end`; the simulator gives the last hour.',
    async setup(sim) {
      const app = await ensureApp(sim)
      const end = Math.floor(sim.clock.now() / 1000)
      return { app_id: app.id, start: String(end - 3600), end: String(end) }
    },
  },
  {
    name: 'the RUN logs of app {app_id} are archived at {archive_path} with token {archive_token}',
    description:
      'The first of `historic_urls` of the app\'s RUN logs, split into its path and its `token` query parameter: a pre-signed URL that serves the log lines as text without authentication. Values: `app_id`, `archive_path`, `archive_token`.',
    simulatorOnly: 'real App Platform archives are pre-signed URLs on another host, which expire within minutes',
    async setup(sim) {
      const app = await ensureApp(sim)
      const res = await sim.fetch(`https://api.digitalocean.com/v2/apps/${app.id}/logs?type=RUN`, { headers: { authorization: `Bearer ${DIGITALOCEAN_CONTRACT_TOKEN}` } })
      const body = (await res.json()) as { historic_urls?: string[] }
      const first = body.historic_urls?.[0]
      if (res.status !== 200 || !first) throw new Error(`the simulated app ${app.name} has no RUN log archive (${res.status})`)
      const url = new URL(first)
      return { app_id: app.id, archive_path: url.pathname, archive_token: url.searchParams.get('token') ?? '' }
    },
  },
  {
    name: 'an app {idle_app_id} has no active deployment',
    description: 'An app that exists but has never deployed successfully, so the active-deployment log paths answer 404. Values: `idle_app_id`.',
    async setup(sim) {
      await sim.ready
      const existing = sim.digitalocean.apps().find((a) => a.name === 'idle-app')
      const app = existing ?? (await sim.digitalocean.createApp({ name: 'idle-app', region: 'nyc', components: [{ name: SERVICE, kind: 'service', stack: 'node' }] }))
      return { idle_app_id: app.id }
    },
  },
  {
    name: 'the account has at least {app_count} apps',
    description: 'At least `app_count` apps (the contract asks for 3), so page 2 of `per_page=1` has first, prev, next and last links. Values: `app_count` (used only to confirm the precondition).',
    async setup(sim, params) {
      const app = await ensureApp(sim)
      const wanted = Math.min(50, Math.max(1, Number(params.app_count) || 3))
      for (let i = sim.digitalocean.apps().length; i < wanted; i++) {
        await sim.digitalocean.createApp({ name: `sample-app-${i + 1}`, region: 'ams', agoMs: 3 * HOUR - i * 60_000, components: [{ name: SERVICE, kind: 'service', stack: 'go' }] })
      }
      return { app_id: app.id, app_count: String(wanted) }
    },
  },
  {
    name: 'a token {app_only_token} without the monitoring:read scope',
    description: 'A valid token with `app:read` but not `monitoring:read`, so app metrics answer 403. Values: `app_only_token`.',
    setup: async (sim, params) => ({ app_only_token: await restrictedToken(sim, text(params, 'app_only_token', 'paasim-app-only-token'), ['app:read']) }),
  },
  {
    name: 'a token {monitoring_only_token} without the app:read scope',
    description: 'A valid token with `monitoring:read` but not `app:read`, so apps, deployments and logs answer 403. Values: `monitoring_only_token`.',
    setup: async (sim, params) => ({
      monitoring_only_token: await restrictedToken(sim, text(params, 'monitoring_only_token', 'paasim-monitoring-only-token'), ['monitoring:read']),
    }),
  },
  {
    name: 'the rate limit of token {limited_token} is exhausted',
    description: 'A valid token that has made 5,000 requests in the last hour, so the next answers 429 with `ratelimit-remaining: 0`. Values: `limited_token`.',
    async setup(sim, params) {
      const token = text(params, 'limited_token', 'paasim-limited-token')
      await restrictedToken(sim, token, ['app:read', 'monitoring:read'])
      sim.digitalocean.exhaustRateLimit(token)
      return { limited_token: token }
    },
  },
  {
    name: 'the token {burst_token} is over its burst limit',
    description: 'A valid token that has just made 250 requests within a minute, so the next answers 429 with `retry-after`. Values: `burst_token`.',
    async setup(sim, params) {
      const token = text(params, 'burst_token', 'paasim-burst-token')
      await restrictedToken(sim, token, ['app:read', 'monitoring:read'])
      // a burst of requests at the current instant, counted as the API counts them
      let made = 0
      while (made < sim.rateLimits.burst && sim.rateLimits.take(token).allowed) made++
      return { burst_token: token }
    },
  },
]

/** `POST /v2/apps/metrics/bandwidth_daily` is a query with a body: it changes nothing. */
const READ_ONLY_POSTS = /^\/v2\/apps\/metrics\/bandwidth_daily\/?$/

/** DigitalOcean App Platform as contracts see it: consumer `paasim`, provider `digitalocean-apps-api`. */
export const digitalOceanContract: ContractProvider = {
  name: 'digitalocean',
  consumer: 'paasim',
  pactProvider: 'digitalocean-apps-api',
  file: 'paasim-digitalocean-apps-api.json',
  contractToken: DIGITALOCEAN_CONTRACT_TOKEN,
  states,
  simOptions: () => ({ seed: 1, clock: 'manual', world: 'empty', tokens: [DIGITALOCEAN_CONTRACT_TOKEN] }),
  isWrite(interaction: PactInteraction): boolean {
    const method = (interaction.request.method ?? 'GET').toUpperCase()
    if (method === 'GET' || method === 'HEAD') return false
    return !(method === 'POST' && READ_ONLY_POSTS.test(interaction.request.path ?? ''))
  },
}
