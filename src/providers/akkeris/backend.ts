/**
 * Akkeris domain operations over one world. No HTTP here: lookups throw {@link SimError}, and the
 * routes turn records into wire objects with the serializers.
 */
import { SimError } from '../../core/errors.js'
import { isUuid, uuid } from '../../core/ids.js'
import type { AppRecord, BuildRecord, FormationRecord, SiteRecord, SpaceRecord } from '../../state/akkeris.js'
import type { World } from '../../state/world.js'
import { Lru } from '../../core/lru.js'
import { AkkerisLookup } from './lookup.js'
import { appKey, BuildLogs, releaseTimes, type BuildView } from './timeline.js'
import { APP_NAME, defaultCommand, normaliseOutcome, type CreateAppInput, type CreateBuildInput } from './inputs.js'
import { insertRecord } from '../../state/records.js'
import { fakeEmail } from '../../core/faker-email.js'

export type { CreateAppInput, CreateBuildInput }

/** Memo entries kept: a few per app, so a world of several thousand apps keeps its lists memoised. */
const MEMO_LIMIT = 16_384

/** Akkeris operations on one world. */
export class AkkerisBackend {
  readonly logs: BuildLogs
  /** Called after a drain is created or deleted (the delivery follows the drains). */
  onDrainsChange: () => void = () => {}
  /** Derived values memoised between writes (every write goes through this class and clears them), least recently used evicted. */
  #memo = new Lru<string, { value: unknown; from?: number; until?: number }>(MEMO_LIMIT)
  /** The stored records indexed by what requests look up (every write goes through this class). */
  readonly lookup = new AkkerisLookup()

  constructor(readonly world: World) {
    this.logs = new BuildLogs(world)
  }

  get db() {
    return this.world.akkeris
  }

  now(): number {
    return this.world.clock.now()
  }

  /** Every app, ordered by name. */
  listApps(): AppRecord[] {
    return this.lookup.sortedApps((a, b) => appKey(a).localeCompare(appKey(b))).slice()
  }

  /**
   * `compute()` once per key until the next write: for values derived from the stored records
   * alone (not from the clock, unless the clock's part is in the key).
   */
  remember<T>(key: string, compute: () => T): T {
    const held = this.#memo.get(key)
    if (held) return held.value as T
    const value = compute()
    this.#memo.set(key, { value })
    return value
  }

  /**
   * `compute()` once per key until the next write or until the clock leaves the span it was
   * computed for: `[now, until)`, `until` being the next instant the value changes at.
   */
  rememberUntil<T>(key: string, compute: () => { value: T; until: number }): T {
    const now = this.now()
    const held = this.#memo.get(key)
    if (held && held.from! <= now && now < held.until!) return held.value as T
    const { value, until } = compute()
    this.#memo.set(key, { value, from: now, until })
    return value
  }

  /** Forgets memoised values (after any write). */
  invalidate(): void {
    this.#memo.clear()
  }

  /** Forgets memoised values and the indexes (on reset, with the collections emptied). */
  clear(): void {
    this.#memo.clear()
    this.lookup.clear()
  }

  /** The indexes as they stand; the function returned puts them back (with the collections restored alongside). */
  snapshot(): () => void {
    const restore = this.lookup.snapshot()
    return () => {
      this.#memo.clear()
      restore()
    }
  }

  /** An app by UUID or `<name>-<space>`; a bare name is not found. */
  app(ref: string): AppRecord {
    const found = isUuid(ref) ? this.lookup.appsById.get(ref.toLowerCase()) : this.lookup.appsByKey.get(ref)
    if (!found) throw new SimError('app_not_found', { app: ref })
    return found
  }

  /** A space by name. */
  space(name: string): SpaceRecord | undefined {
    return this.lookup.spaces.get(name)
  }

  /** The app's formations, web first. */
  formations(app: AppRecord): FormationRecord[] {
    return this.lookup.formations(app.id).slice()
  }

  /** The app's builds as of now (created by now), oldest first. */
  builds(app: AppRecord): BuildView[] {
    const now = this.now()
    return this.lookup.builds(app.id).filter((b) => b.createdAt <= now).map((b) => this.logs.view(app, b, now))
  }

  /** Every build of the app, those an incident planned for later included: what releases, dynos and log lines are planned from. */
  plannedBuilds(app: AppRecord): BuildView[] {
    const now = this.now()
    return this.lookup.builds(app.id).map((b) => this.logs.view(app, b, now))
  }

  /** When the app's latest release by now happened (its last succeeded build finished), or `null`. */
  latestRelease(app: AppRecord): number | null {
    // a build's outcome and finish time are planned when it is created: only "by now" moves
    const times = this.#releaseTimes(app)
    const now = this.now()
    for (let i = times.length - 1; i >= 0; i--) if (times[i] <= now) return times[i]
    return null
  }

  /** When the app's releases happen, planned ones included (a build's outcome and finish are planned when it is created). */
  #releaseTimes(app: AppRecord): number[] {
    return this.remember(`releases:${app.id}`, () => releaseTimes(this.plannedBuilds(app)))
  }

  /** When the app's latest release next changes (its next build to finish with success), or `Infinity`. */
  nextRelease(app: AppRecord): number {
    const times = this.#releaseTimes(app)
    const now = this.now()
    for (const at of times) if (at > now) return at
    return Infinity
  }

  /** Checks the id's form before the app lookup, as Akkeris does. */
  build(appRef: string, buildId: string): { app: AppRecord; build: BuildView } {
    if (!isUuid(buildId)) throw new SimError('invalid_uuid')
    const app = this.app(appRef)
    const id = buildId.toLowerCase()
    const record = this.lookup.builds(app.id).find((b) => b.id === id && b.createdAt <= this.now())
    if (!record) throw new SimError('build_not_found', { build: buildId })
    return { app, build: this.logs.view(app, record, this.now()) }
  }

  /** A build and the output lines that exist so far. */
  buildResult(appRef: string, buildId: string): { app: AppRecord; build: BuildView; lines: string[] } {
    const { app, build } = this.build(appRef, buildId)
    const record = this.lookup.builds(app.id).find((b) => b.id === build.id)!
    return { app, build, lines: this.logs.linesAt(app, record, this.now()) }
  }

  /** Queues a build that runs on the clock. */
  async createBuild(appRef: string, input: CreateBuildInput = {}): Promise<{ app: AppRecord; build: BuildView }> {
    const { app, record } = await this.addBuild(appRef, input)
    return { app, build: this.logs.view(app, record, this.now()) }
  }

  /** Stores a new build without generating its log (loading a world needs none of them yet). */
  async addBuild(appRef: string, input: CreateBuildInput = {}): Promise<{ app: AppRecord; record: BuildRecord }> {
    const app = this.app(appRef)
    const { random, faker } = this.world
    const now = this.now()
    const createdAt = now - (input.agoMs ?? 0)
    const previous = this.lookup.builds(app.id)
    const outcome = normaliseOutcome(input.outcome) ?? (random.chance(0.8) ? 'succeeded' : 'failed')
    this.invalidate()
    const record = await insertRecord(this.db.builds, {
      id: uuid(random),
      appId: app.id,
      createdAt,
      startedAt: createdAt + (input.queuedMs ?? random.int(2, 8) * 1000),
      outcome,
      sha: input.sha ?? random.hex(20),
      branch: input.branch ?? app.branch,
      repo: input.repo ?? app.repo,
      author: fakeEmail(faker).toLowerCase(),
      message: input.message ?? faker.git.commitMessage(),
      version: input.version ?? '',
      checksum: input.checksum ?? `sha256:${random.hex(32)}`,
      slugId: uuid(random),
      number: previous.length + 1,
      userId: uuid(random),
    }, this.world.loading)
    this.lookup.addBuild(record)
    this.invalidate()
    return { app, record }
  }

  /** Creates an app in a space (created if missing) with its formations. */
  async createApp(input: CreateAppInput): Promise<AppRecord> {
    if (!APP_NAME.test(input.name)) throw new RangeError(`app names are [A-Za-z0-9]+, got ${JSON.stringify(input.name)}`)
    const { random, faker } = this.world
    const now = this.now() - (input.agoMs ?? 0)
    const spaceName = input.space ?? 'default'
    const same = this.lookup.appsByKey.get(appKey({ name: input.name, space: spaceName }))
    if (same && same.name === input.name && same.space === spaceName) {
      throw new RangeError(`app ${input.name}-${spaceName} already exists`)
    }
    if (!this.lookup.spaces.has(spaceName)) {
      const space = await insertRecord(this.db.spaces, { id: uuid(random), name: spaceName, compliance: spaceName.includes('prod') ? ['prod'] : [], createdAt: now }, this.world.loading)
      this.lookup.spaces.set(spaceName, space)
    }
    const stack = input.stack ?? random.pick(['node', 'python', 'go', 'ruby', 'docker'] as const)
    const org = faker.company.buzzNoun().toLowerCase().replace(/[^a-z0-9]/g, '')
    this.invalidate()
    const app = await insertRecord(this.db.apps, {
      id: uuid(random),
      name: input.name,
      space: spaceName,
      organization: { id: uuid(random), name: org || 'acme' },
      region: { id: uuid(random), name: 'us-seattle' },
      stackRef: { id: uuid(random), name: 'ds1' },
      stack,
      repo: `https://github.com/${org || 'acme'}/${input.name}`,
      branch: 'main',
      description: input.description ?? faker.company.catchPhrase(),
      labels: '',
      maintenance: false,
      preview: false,
      owner: { id: uuid(random), email: fakeEmail(faker).toLowerCase() },
      repoSize: random.int(200_000, 40_000_000),
      slugSize: random.int(20_000_000, 400_000_000),
      requestsPerMinute: input.requestsPerMinute ?? random.int(30, 600),
      createdAt: now,
      updatedAt: now,
    }, this.world.loading)
    this.lookup.addApp(app, appKey(app))
    for (const [type, spec] of Object.entries(input.formation ?? { web: 1 })) {
      const s = typeof spec === 'number' ? { quantity: spec } : spec
      const formation = await insertRecord(this.db.formations, {
        id: uuid(random),
        appId: app.id,
        type,
        quantity: s.quantity,
        size: s.size ?? 'gp2',
        command: s.command ?? (type === 'web' ? null : defaultCommand(stack, type)),
        port: type === 'web' ? 9000 : null,
        healthcheck: type === 'web' ? '/health' : null,
        createdAt: now,
        updatedAt: now,
      }, this.world.loading)
      this.lookup.addFormation(formation)
    }
    this.invalidate()
    return app
  }

  /** Every site, ordered by domain. */
  listSites(): SiteRecord[] {
    return [...this.lookup.sitesById.values()].sort((a, b) => a.domain.localeCompare(b.domain))
  }

  /** A site by UUID or domain. */
  site(ref: string): SiteRecord {
    const found = isUuid(ref) ? this.lookup.sitesById.get(ref.toLowerCase()) : this.lookup.sitesByDomain.get(ref)
    if (!found) throw new SimError('site_not_found', { site: ref })
    return found
  }

  /** Creates a site routing paths to apps (given by key or id). */
  async createSite(input: { domain: string; routes?: Array<{ path: string; app: string }>; requestsPerMinute?: number; description?: string }): Promise<SiteRecord> {
    const { random, faker } = this.world
    const now = this.now()
    this.invalidate()
    const site = await insertRecord(this.db.sites, {
      id: uuid(random),
      domain: input.domain,
      region: { id: uuid(random), name: 'us-seattle' },
      description: input.description ?? faker.company.catchPhrase(),
      labels: '',
      compliance: [],
      routes: (input.routes ?? []).map((r) => ({ path: r.path, appId: this.app(r.app).id })),
      requestsPerMinute: input.requestsPerMinute ?? random.int(60, 900),
      createdAt: now,
      updatedAt: now,
    }, this.world.loading)
    this.lookup.addSite(site)
    return site
  }
}
