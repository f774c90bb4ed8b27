/**
 * One isolated simulated world and the three ways it is served. Nothing here is module-level:
 * many simulations can live in one process.
 */
import type { RequestHandler, WebSocketHandler } from 'msw'
import { Clock, type ClockMode } from './core/clock.js'
import { Random, hash32 } from './core/random.js'
import { idSource, signingKey, type ByteSource, type SecretsMode } from './core/secrets.js'
import { RateLimiter, type RateLimitOptions } from './faults/rate-limit.js'
import { Faults } from './faults/rules.js'
import { assertFixture, readFixture, type Fixture } from './fixtures/index.js'
import { Journal } from './http/journal.js'
import { TokenStore, type TokenOption } from './http/tokens.js'
import { AkkerisApi } from './providers/akkeris/api.js'
import { DigitalOceanApi } from './providers/digitalocean/api.js'
import { LogUrlRevocations } from './providers/digitalocean/log-urls.js'
import type { World } from './state/world.js'
import { DrainDelivery } from './transports/drain-delivery.js'
import { faultOperations, faultResolver } from './http/dispatch.js'
import { Incidents } from './incidents.js'
import { paasimInfo, toHandlers, type HandlerOptions } from './transports/msw.js'
import type { ListenOptions, RunningServer } from './transports/server.js'
import type { Backends, WorldParts } from './world-builder.js'

/** Options of {@link createSim}. */
export interface SimOptions {
  /** Seed of every draw (default 1). Same seed + manual clock ⇒ byte-identical responses. */
  seed?: number
  /** `manual` (default), `real` or `scaled`. */
  clock?: ClockMode
  /** Start time; manual default `2026-01-01T00:00:00Z`, else the wall clock. */
  now?: string | number | Date
  /** Simulated seconds per real second when `clock: 'scaled'` (default 60). */
  speed?: number
  /** Accepted API tokens (default: `DEFAULT_TOKEN` with every scope). */
  tokens?: TokenOption[]
  /** The world: `'default'` (seeded), `'empty'`, a fixture object, or a fixture name/path (Node only). */
  world?: 'default' | 'empty' | Fixture | string
  /** A folder of `<name>.json` fixtures that `world` names and the control routes may load by name (Node only). */
  fixturesDir?: string
  /** DigitalOcean per-token limits (default 5000 per sliding hour, 250 per minute). */
  rateLimit?: RateLimitOptions
  /** Origins the in-process handlers answer for. */
  origins?: HandlerOptions['origins']
  /** Serve the `/__paasim/` control routes (default false). */
  control?: boolean
  /**
   * Where log-URL signing keys and log session ids come from: `'seeded'` (default) derives them from
   * the seed, so runs are byte-identical but anyone who knows the seed can mint URLs; `'random'`
   * uses a fresh secure key per simulation and secure ids (`paasim serve` without `--seed`).
   */
  secrets?: SecretsMode
  /** Called with unexpected errors (they are answered as the API's 500). Default: console.error. */
  onError?: (err: unknown) => void
}

/** A simulated world with its handlers, clock and controls. */
export class Simulation {
  seed: number
  readonly clock: Clock
  readonly tokens: TokenStore
  readonly faults: Faults
  readonly journal = new Journal()
  /** Public programmatic API per provider. */
  readonly akkeris: AkkerisApi
  readonly digitalocean: DigitalOceanApi
  /** DigitalOcean per-token rate limits on the simulation clock. */
  readonly rateLimits: RateLimiter
  /** Incidents (crashes, restarts, failed deployments, autoscaling) started from JSON. */
  readonly incidents: Incidents
  /** Akkeris log-drain delivery (HTTP built in; syslog once the Node server or `enableSyslogDrains` adds it). */
  readonly drains: DrainDelivery
  /** Log sessions whose stream has been opened (single use). */
  readonly claimedSessions = new Set<string>()
  /** DigitalOcean log URLs made invalid by `expire` faults. */
  readonly revokedLogUrls = new LogUrlRevocations()
  /** Source of request ids, separate from the world's draws. */
  requestIds: Random
  /** Settles when the world is built (after creation and after each reset). */
  ready: Promise<void>
  #built = false
  /** msw handlers for the configured origins (HTTP, plus live-log WebSockets where the runtime has them). */
  readonly handlers: Array<RequestHandler | WebSocketHandler>
  readonly control: boolean
  #worldSpec: SimOptions['world']
  readonly #secrets: SecretsMode
  #key: { seed: number; key: Uint8Array } | undefined
  #fixturesDir: string | undefined
  #parts: WorldParts | undefined
  #builder: typeof import('./world-builder.js') | undefined
  #start: number
  #onError: (err: unknown) => void

  constructor(options: SimOptions = {}) {
    this.seed = options.seed ?? 1
    if (!Number.isSafeInteger(this.seed)) throw new RangeError('seed must be an integer')
    this.clock = new Clock({ mode: options.clock ?? 'manual', now: options.now, speed: options.speed })
    this.#start = this.clock.now()
    this.tokens = new TokenStore(options.tokens)
    this.faults = new Faults(new Random(hash32(this.seed, 'faults')), faultOperations, { now: () => this.clock.now(), resolver: faultResolver(this) })
    this.requestIds = new Random(hash32(this.seed, 'requests'))
    this.drains = new DrainDelivery(this)
    this.akkeris = new AkkerisApi(this)
    this.digitalocean = new DigitalOceanApi(this)
    this.incidents = new Incidents(this)
    this.rateLimits = new RateLimiter(this.clock, options.rateLimit)
    this.control = options.control ?? false
    this.#onError = options.onError ?? ((err) => console.error('paasim: unexpected error', err))
    this.#worldSpec = options.world ?? 'default'
    this.#fixturesDir = options.fixturesDir
    this.#secrets = options.secrets ?? 'seeded'
    if (this.#secrets !== 'seeded' && this.#secrets !== 'random') throw new RangeError(`secrets must be 'seeded' or 'random'`)
    this.ready = this.#track(this.#build(this.seed, this.#worldSpec, true))
    this.ready.catch(() => {}) // surfaced by whoever awaits it
    this.handlers = toHandlers(this, { origins: options.origins })
  }

  /**
   * Returns the world to its seeded start (clock, resources, faults, journal); optionally with another
   * seed or world. A world change that fails (unknown fixture, invalid fixture) rejects and leaves
   * everything as it was: the previous world keeps answering.
   */
  reset(options: { seed?: number; world?: SimOptions['world'] } = {}): Promise<void> {
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer')
    const seed = options.seed ?? this.seed
    const spec = options.world ?? this.#worldSpec
    this.drains.stopAll() // delivery stops at once, not when the new world is built
    this.ready = this.#track(this.ready.catch(() => {}).then(() => this.#build(seed, spec)))
    return this.ready
  }

  /** The world's state: clock, seeded sources and collections (once the first build has begun; `await sim.ready`). */
  get world(): World {
    return this.#loaded().world
  }

  /** Each provider's backend (once the first build has begun; `await sim.ready`). */
  get backends(): Backends {
    return this.#loaded().backends
  }

  /** {@link backends} for reading the world as it is now: throws while it is (re)built or after its build failed. */
  readyBackends(): Backends {
    if (!this.#built) throw new Error('paasim: the world is not ready (being built by createSim or reset, or its build failed); await sim.ready before reading it')
    return this.#loaded().backends
  }

  #loaded(): WorldParts {
    if (!this.#parts) throw new Error('paasim: the world is not built yet; await sim.ready before using it')
    return this.#parts
  }

  /** The key that signs this world's log URLs: derived from the seed, or random per simulation (`secrets`). */
  get logUrlKey(): Uint8Array {
    if (this.#secrets === 'random') return (this.#key ??= { seed: 0, key: signingKey('random', 0) }).key
    if (this.#key?.seed !== this.seed) this.#key = { seed: this.seed, key: signingKey('seeded', this.seed) }
    return this.#key.key
  }

  /** Where log session ids come from: the world's seeded draws, or the secure generator (`secrets: 'random'`). */
  get sessionIds(): ByteSource {
    return idSource(this.#secrets, this.world.random)
  }

  /** Whether the world is built now (requests need not wait for {@link ready}). */
  get isReady(): boolean {
    return this.#built
  }

  #track(building: Promise<void>): Promise<void> {
    this.#built = false
    const tracked: Promise<void> = building.then(
      () => {
        if (this.ready === tracked) this.#built = true
      },
      (err: unknown) => {
        // a failed change left the previous world in place: it answers again at once
        if (this.ready === tracked && this.#parts) {
          this.ready = Promise.resolve()
          this.#built = true
          this.drains.sync() // its drains deliver again
        }
        throw err
      },
    )
    return tracked
  }

  /** In-process fetch: the request answered by the handler msw would pick, without msw's interception. */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && !init ? input : new Request(input, init)
    // the Request follows the caller's signal through a weak reference: keep it alive while that
    // signal is, or a stream whose Request was collected never hears that its client left
    init?.signal?.addEventListener('abort', () => void request.signal, { once: true })
    for (const handler of this.handlers) {
      const info = paasimInfo(handler)
      if (info?.pattern.test(request.url)) {
        const response = await info.answer(request)
        // a connection fault's network error, as fetch and msw report it: a rejection, not a status-0 response
        if (response.type === 'error') throw new TypeError('fetch failed', { cause: response })
        return response
      }
    }
    throw new TypeError(`paasim: no simulated API answers ${request.url} (configured origins: ${this.origins().join(', ')})`)
  }

  /** Handlers for other origins, e.g. `{ origins: { akkeris: 'http://localhost:5000' } }`, or `'*'` for any. */
  toHandlers(options: HandlerOptions = {}): Array<RequestHandler | WebSocketHandler> {
    return toHandlers(this, options)
  }

  /** The origins the default handlers answer for. */
  origins(): string[] {
    return this.handlers.map((h) => paasimInfo(h)?.origin ?? '').filter(Boolean)
  }

  /** Serves this world over HTTP on loopback (Express); see `paasim serve`. */
  async listen(options: ListenOptions = {}): Promise<RunningServer> {
    const { listen } = await import('./transports/server.js')
    await this.ready.catch(() => undefined) // a failed build answers its errors over HTTP too
    return listen(this, options)
  }

  /** Reports an unexpected error (answered as a 500 in the API's format). */
  onError(err: unknown): void {
    this.#onError(err)
  }

  /** Ends every open stream's waits. */
  dispose(): void {
    this.drains.stopAll()
    this.clock.dispose()
  }

  /**
   * Builds the world `spec` with `seed`. Everything that can fail on the caller's input (reading and
   * checking the fixture, loading it into collections) happens before anything of the current world
   * changes: a fixture is loaded into fresh collections on a stand-in clock, then swapped in.
   * The `first` build (createSim's) keeps what the caller set up meanwhile — fault rules, rate-limit
   * state, the journal, the clock's mode, speed, pause and the time advanced — where a reset
   * starts them over.
   */
  async #build(seed: number, spec: SimOptions['world'], first = false): Promise<void> {
    const fixture: Fixture | undefined =
      spec === 'default' || spec === 'empty' || spec === undefined ? undefined : typeof spec === 'string' ? await readFixture(spec, { dir: this.#fixturesDir }) : await assertFixture(spec, 'world')
    // imported once per simulation: a module import, even of a loaded module, goes through the
    // loader's resolve hooks each time (about a millisecond under tsx or vitest)
    const builder = this.#builder ?? (this.#builder = await import('./world-builder.js'))
    const start = fixture?.now ?? this.#start
    const content = fixture ?? (spec === 'empty' ? 'empty' : 'default')
    const key = builder.contentKey(content)
    let parts = this.#parts
    // a fixture is loaded into a world of its own first, unless this world already holds it as loaded
    if (!parts || (fixture && !builder.canRestore(parts, seed, key))) {
      parts = builder.createWorld(seed, new Clock({ mode: 'manual', now: start }))
      await builder.populateWorld(parts, seed, content, key)
      ;(parts.world as { clock: Clock }).clock = this.clock
    }
    // committed: nothing below depends on the caller's input
    parts.backends.akkeris.onDrainsChange = () => this.drains.sync()
    this.seed = seed
    this.#worldSpec = spec
    if (first) {
      // the time advanced since createSim carries over to a fixture's own start
      if (fixture?.now !== undefined) this.clock.moveTo(new Date(fixture.now).getTime() + (this.clock.now() - this.#start))
    } else {
      this.clock.restart(start)
      this.requestIds = new Random(hash32(seed, 'requests'))
      this.faults.clear()
      this.faults.reseed(new Random(hash32(seed, 'faults')))
      this.journal.clear()
      this.drains.stopAll()
      this.claimedSessions.clear()
      this.revokedLogUrls.clear()
      this.rateLimits.clear()
    }
    if (parts === this.#parts) await builder.populateWorld(parts, seed, content, key)
    this.#parts = parts
  }
}

/** Creates an isolated simulated world. */
export function createSim(options: SimOptions = {}): Simulation {
  return new Simulation(options)
}
