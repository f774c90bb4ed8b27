/**
 * The Akkeris contract: Pact names, the provider-state vocabulary, and how each state is set up in
 * a simulation through the sim's own API.
 * @see ../../contracts/README.md
 */
import type { Simulation } from '../sim.js'
import type { ContractProvider, StateSpec, StateValues } from './providers.js'
import type { PactInteraction } from './types.js'

/** The bearer token Akkeris contracts carry (replaced by `paasim verify --token`). */
export const AKKERIS_CONTRACT_TOKEN = 'paasim-contract-token'

/** Key `<name>-<space>` of the app a state names; a bare name gets the `default` space. */
function splitKey(key: string): { name: string; space: string } {
  const dash = key.indexOf('-')
  return dash > 0 ? { name: key.slice(0, dash), space: key.slice(dash + 1) } : { name: key, space: 'default' }
}

function text(params: Record<string, unknown>, key: string, fallback: string): string {
  const value = params[key]
  return typeof value === 'string' && value !== '' ? value : fallback
}

/** The app a state names, created with one web dyno if it does not exist yet. */
async function ensureApp(sim: Simulation, key: string): Promise<StateValues> {
  await sim.ready
  const existing = sim.akkeris.apps().find((a) => a.key === key)
  const app = existing ?? (await sim.akkeris.createApp({ ...splitKey(key), stack: 'node', formation: { web: 1 } }))
  return { app: app.key, appId: app.id }
}

const states: StateSpec[] = [
  {
    name: 'an app {app} exists',
    description: 'An app `<name>-<space>` with at least one web dyno. Values: `app` (its key); the simulator also gives `appId`.',
    setup: (sim, params) => ensureApp(sim, text(params, 'app', 'api-default')),
  },
  {
    name: 'a build {build} of app {app} has finished',
    description: 'A build of the app that ended (`succeeded` or `failed`), so its result ends with `Finished: SUCCESS`/`FAILURE`. Values: `app`, `build` (its UUID).',
    async setup(sim, params) {
      const values = await ensureApp(sim, text(params, 'app', 'api-default'))
      const build = await sim.akkeris.createBuild(values.app, { outcome: 'succeeded' })
      sim.clock.advance('15m')
      return { ...values, build: build.id }
    },
  },
  {
    name: 'a build {queuedBuild} of app {app} is queued',
    description: 'A build that has not started yet: status `queued`, no output lines. Values: `app`, `queuedBuild` (its UUID).',
    async setup(sim, params) {
      const values = await ensureApp(sim, text(params, 'app', 'api-default'))
      const build = await sim.akkeris.createBuild(values.app, { queuedMs: 60_000 })
      return { ...values, queuedBuild: build.id }
    },
  },
  {
    name: 'a site {site} exists',
    description: 'A site, by domain (or UUID). Values: `site`; the simulator also gives `siteId`.',
    async setup(sim, params) {
      await sim.ready
      const domain = text(params, 'site', 'www.example-shop.io')
      const site = sim.akkeris.sites().find((s) => s.domain === domain || s.id === domain) ?? (await sim.akkeris.createSite({ domain }))
      return { site: site.domain, siteId: site.id }
    },
  },
  {
    name: 'a release {release} of app {app} exists',
    description: 'A release of the app (a succeeded build that was deployed). Values: `app`, `release` (its UUID), `build` (the released build).',
    async setup(sim, params) {
      const values = await ensureApp(sim, text(params, 'app', 'api-default'))
      const build = await sim.akkeris.createBuild(values.app, { outcome: 'succeeded' })
      sim.clock.advance('15m')
      const release = sim.akkeris.releases(values.app).find((r) => r.build.id === build.id)!
      return { ...values, build: build.id, release: release.id }
    },
  },
  {
    name: 'a space {space} exists',
    description: 'A space, by name (or UUID), holding at least one app. Values: `space`.',
    async setup(sim, params) {
      const space = text(params, 'space', 'default')
      await ensureApp(sim, `api-${space}`)
      return { space }
    },
  },
  {
    name: 'a log drain {drain} exists on app {app}',
    description: 'A log drain on the app (the simulator\'s drains to `syslog+tls://127.0.0.1:9`, which it never reaches). Values: `app`, `drain` (its UUID).',
    async setup(sim, params) {
      const values = await ensureApp(sim, text(params, 'app', 'api-default'))
      const drain = await sim.akkeris.createDrain(values.app, text(params, 'url', 'syslog+tls://127.0.0.1:9'))
      return { ...values, drain: drain.id }
    },
  },
  {
    name: 'a log session {session} was created for app {app}',
    description:
      'A log session of the app created with `{"lines": <lines>, "tail": false}` and not opened yet; its stream is `/log-sessions/{session}` on the API origin. Values: `app`, `session`.',
    simulatorOnly: 'real Akkeris serves logplex_url from another host (logshuttle) and ignores tail:false',
    async setup(sim, params) {
      const values = await ensureApp(sim, text(params, 'app', 'api-default'))
      const lines = typeof params.lines === 'number' ? params.lines : 5
      const res = await sim.fetch(`https://apps.akkeris.io/apps/${values.app}/log-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AKKERIS_CONTRACT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ lines, tail: false }),
      })
      if (res.status !== 201) throw new Error(`could not create a log session: ${res.status} ${await res.text()}`)
      const session = (await res.json()) as { id: string }
      return { ...values, session: session.id }
    },
  },
  {
    name: 'a token {forbiddenToken} is valid but may not list apps',
    description: 'A token the API accepts that lacks access to `GET /apps` (answered 403). Values: `forbiddenToken`.',
    async setup(sim, params) {
      await sim.ready
      const token = text(params, 'forbiddenToken', 'paasim-forbidden-token')
      sim.tokens.add(token)
      // Akkeris scopes are not modelled, so the simulator answers 403 through a one-shot fault rule.
      sim.faults.add({ provider: 'akkeris', operationId: 'apps.list', status: 403, times: 1 })
      return { forbiddenToken: token }
    },
  },
]

/** Akkeris as contracts see it: consumer `paasim`, provider `akkeris-api`. */
export const akkerisContract: ContractProvider = {
  name: 'akkeris',
  consumer: 'paasim',
  pactProvider: 'akkeris-api',
  file: 'paasim-akkeris-api.json',
  contractToken: AKKERIS_CONTRACT_TOKEN,
  states,
  simOptions: () => ({ seed: 1, clock: 'manual', world: 'empty', tokens: [AKKERIS_CONTRACT_TOKEN] }),
  isWrite(interaction: PactInteraction): boolean {
    const method = (interaction.request.method ?? 'GET').toUpperCase()
    // Log sessions are ephemeral reads of the logs; builds change the account.
    return method !== 'GET' && method !== 'HEAD' && !/\/log-sessions\/?$/.test(interaction.request.path ?? '')
  },
}
