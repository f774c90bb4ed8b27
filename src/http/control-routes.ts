/**
 * Control routes under `/__paasim/`, mirroring the programmatic API (reset, seed, clock, faults,
 * journal, rate limits, fixtures, provider states) for clients that only speak HTTP. Served only
 * when the sim has `control: true`.
 */
import { SimError } from '../core/errors.js'
import { isFixtureName, listFixtures } from '../fixtures/index.js'
import type { Simulation } from '../sim.js'
import type { RequestContext } from './context.js'
import type { ProviderHttp } from './provider.js'
import { bytes, json } from './respond.js'
import { compileRoutes, type Route } from './route.js'
import { watchRoutes } from './control-watch.js'
import { incidentRoutes } from './control-incidents.js'
import { readObject as object } from './control-body.js'

const state = (ctx: RequestContext) => ({
  seed: ctx.sim.seed,
  clock: { mode: ctx.sim.clock.mode, speed: ctx.sim.clock.speed, paused: ctx.sim.clock.paused, now: ctx.sim.clock.iso() },
  faults: ctx.sim.faults.list(),
})

/** Runs a control action, turning thrown `RangeError`/`TypeError`/`Error` into 400s. */
async function attempt(action: () => unknown): Promise<void> {
  try {
    await action()
  } catch (err) {
    if (err instanceof SimError) throw err
    throw new SimError('bad_request', {}, err instanceof Error ? err.message : String(err))
  }
}

/** A fixture a control request names: a bare name (shipped, or in the operator's `--fixtures-dir`), never a path. */
function fixtureByName(name: unknown): string | undefined {
  if (name === undefined) return undefined
  if (typeof name !== 'string' || !isFixtureName(name)) {
    throw new SimError('bad_request', {}, `fixtures are loaded by name over HTTP (letters, digits, - and _), not by path: ${JSON.stringify(name)?.slice(0, 100)}`)
  }
  return name
}

const routes: Route[] = [
  { method: 'GET', path: '/__paasim', operationId: 'control.state', resolve: (ctx) => json(state(ctx)) },
  {
    method: 'POST',
    path: '/__paasim/reset',
    operationId: 'control.reset',
    resolve: async (ctx) => {
      const body = await object(ctx)
      await attempt(() => ctx.sim.reset({ seed: body.seed as number | undefined, world: fixtureByName(body.fixture) }))
      return json(state(ctx))
    },
  },
  { method: 'GET', path: '/__paasim/clock', operationId: 'control.clock.get', resolve: (ctx) => json(state(ctx).clock) },
  {
    method: 'POST',
    path: '/__paasim/clock',
    operationId: 'control.clock.set',
    resolve: async (ctx) => {
      const body = await object(ctx)
      await attempt(() => {
        const clock = ctx.sim.clock
        if (body.paused !== undefined && typeof body.paused !== 'boolean') throw new RangeError('"paused" must be true or false')
        const speed = body.speed
        if (speed !== undefined && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) throw new RangeError('"speed" must be a positive number of simulated seconds per real second')
        if (speed !== undefined && clock.mode === 'manual') throw new RangeError('a manual clock has no speed: it moves only with "advance" or "set"')
        if (body.advance === undefined && body.set === undefined && body.paused === undefined && body.speed === undefined) {
          throw new RangeError('give "advance" (e.g. "90s"), "set" (ISO time), "speed" (a number) or "paused" (true or false)')
        }
        // everything that can be refused is checked before the first change
        if (body.advance !== undefined) clock.advance(body.advance as string)
        else if (body.set !== undefined) clock.set(body.set as string)
        if (speed !== undefined) clock.setSpeed(speed as number)
        if (body.paused === true) clock.pause()
        if (body.paused === false) clock.resume()
      })
      return json(state(ctx).clock)
    },
  },
  { method: 'GET', path: '/__paasim/faults', operationId: 'control.faults.list', resolve: (ctx) => json(ctx.sim.faults.list()) },
  {
    method: 'POST',
    path: '/__paasim/faults',
    operationId: 'control.faults.add',
    resolve: async (ctx) => {
      const body = await object(ctx)
      let rule: unknown
      await attempt(() => (rule = ctx.sim.faults.add(body as never)))
      return json(rule, { status: 201 })
    },
  },
  { method: 'DELETE', path: '/__paasim/faults', operationId: 'control.faults.clear', resolve: (ctx) => (ctx.sim.faults.clear(), json([])) },
  {
    method: 'DELETE',
    path: '/__paasim/faults/{id}',
    operationId: 'control.faults.remove',
    resolve: (ctx) => {
      if (!ctx.sim.faults.remove(Number(ctx.params.id))) throw new SimError('not_found', {}, `no fault rule ${ctx.params.id}`)
      return json(ctx.sim.faults.list())
    },
  },
  {
    method: 'GET',
    path: '/__paasim/journal',
    operationId: 'control.journal.list',
    resolve: (ctx) => json(ctx.sim.journal.list({ operationId: ctx.url.searchParams.get('operationId') ?? undefined, provider: ctx.url.searchParams.get('provider') ?? undefined })),
  },
  { method: 'DELETE', path: '/__paasim/journal', operationId: 'control.journal.clear', resolve: (ctx) => (ctx.sim.journal.clear(), json([])) },
  {
    method: 'POST',
    path: '/__paasim/rate-limits/exhaust',
    operationId: 'control.rate-limits.exhaust',
    resolve: async (ctx) => {
      const { token } = await object(ctx)
      if (typeof token !== 'string' || !token) throw new SimError('bad_request', {}, 'give the "token" whose hourly DigitalOcean limit to use up')
      ctx.sim.digitalocean.exhaustRateLimit(token)
      return json(ctx.sim.rateLimits.peek(token))
    },
  },
  { method: 'DELETE', path: '/__paasim/rate-limits', operationId: 'control.rate-limits.clear', resolve: (ctx) => (ctx.sim.rateLimits.clear(), json({})) },
  {
    method: 'POST',
    path: '/__paasim/provider-states',
    operationId: 'control.provider-states.setup',
    resolve: async (ctx) => json({ values: await setUpProviderStates(ctx.sim, await object(ctx)) }),
  },
  ...watchRoutes,
  ...incidentRoutes,
  { method: 'GET', path: '/__paasim/fixtures', operationId: 'control.fixtures.list', resolve: async () => json(await listFixtures()) },
  {
    method: 'POST',
    path: '/__paasim/fixtures',
    operationId: 'control.fixtures.load',
    resolve: async (ctx) => {
      const body = await object(ctx)
      await attempt(() => ctx.sim.reset({ world: body.name !== undefined ? fixtureByName(body.name) : (body as never) }))
      return json(state(ctx))
    },
  },
]

/**
 * Sets up one interaction's provider states as `paasim verify --setup-states` asks: the world back
 * to its seeded start, the contract's token accepted, then each state of the documented vocabulary
 * (`{ provider, states: [{ name, params }] }`). Returns the values requests take from the states.
 */
async function setUpProviderStates(sim: Simulation, body: Record<string, unknown>): Promise<Record<string, string>> {
  // loaded on demand: the contract modules are not needed to serve the APIs
  const { contractProviderNames, loadContractProvider, stateHandlers, unknownStateMessage } = await import('../contracts/providers.js')
  const name = body.provider
  if (typeof name !== 'string' || !contractProviderNames().includes(name)) {
    throw new SimError('bad_request', {}, `give "provider": one of ${contractProviderNames().join(', ')}`)
  }
  const states = body.states
  const valid = Array.isArray(states) && states.every((s) => s !== null && typeof s === 'object' && typeof (s as { name?: unknown }).name === 'string')
  if (!valid) throw new SimError('bad_request', {}, 'give "states": [{ "name": "<a provider state>", "params": {…} }]')
  const provider = await loadContractProvider(name)
  const handlers = stateHandlers(provider, sim, [])
  const unknown = (states as Array<{ name: string }>).find((s) => !handlers[s.name])
  // refused before the reset, so a bad request leaves the world as it was
  if (unknown) throw new SimError('bad_request', {}, unknownStateMessage(provider, unknown.name))
  const values: Record<string, string> = {}
  await attempt(async () => {
    await sim.reset()
    sim.tokens.add(provider.contractToken)
    for (const state of states as Array<{ name: string; params?: unknown }>) Object.assign(values, await handlers[state.name](state.params))
  })
  return values
}

const STATUS: Record<string, number> = { bad_request: 400, forbidden: 403, not_found: 404, malformed_json: 400, payload_too_large: 413 }

/**
 * A request that changes state must come from a client that means it: a JSON body (a web page cannot
 * send one cross-origin without a CORS preflight, which is never granted) and no foreign `Origin`
 * (a page the user visits, or one that rebound its DNS name to loopback).
 */
function admitControl(ctx: RequestContext): void {
  const method = ctx.request.method
  if (method === 'GET' || method === 'HEAD') return
  const origin = ctx.request.headers.get('origin')
  if (origin !== null && origin !== ctx.origin) throw new SimError('forbidden', {}, `control routes refuse requests from another origin (${origin.slice(0, 100)})`)
  if (method !== 'POST') return
  const type = ctx.request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new SimError('bad_request', { status: 415 }, 'control routes take a JSON body: send content-type: application/json')
}

/** The control API with more routes under `/__paasim/` (the standalone server adds the console's pages). */
export function withControlRoutes(extra: Route[]): ProviderHttp {
  return { ...controlBase, routes: compileRoutes([...routes, ...extra].map((r) => ({ ...r, public: true }))) }
}

const controlBase: Omit<ProviderHttp, 'routes'> = {
  name: 'control',
  defaultOrigin: '',
  owns: (path) => path.startsWith('/__paasim'),
  notFound: () => json({ error: 'no such control route' }, { status: 404 }),
  authenticate: () => ({ token: '', scopes: [] }),
  admit: admitControl,
  renderError: (err) => json({ error: err.message === err.code ? err.code : err.message }, { status: Number(err.details.status ?? STATUS[err.code] ?? 500) }),
  renderFault: (status) => bytes('', null, { status }),
  finish: (response) => response,
}

/** The control API as the pipeline sees it (JSON errors `{ error }`, no auth). */
export const controlHttp: ProviderHttp = withControlRoutes([])
