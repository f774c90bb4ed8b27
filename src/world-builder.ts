/**
 * The heavy half of a simulation — collections (`@msw/data`, zod), the seeded faker, the backends
 * and the seeders — loaded when a world is first built rather than when `paasim` is imported, so
 * test files that import paasim do not pay for it up front.
 */
import type { Clock } from './core/clock.js'
import { createSeededFaker, type SeededFaker } from './core/faker.js'
import { Random } from './core/random.js'
import type { Fixture } from './fixtures/index.js'
import { AkkerisBackend } from './providers/akkeris/backend.js'
import { defaultAkkerisFixture, loadAkkerisFixture } from './providers/akkeris/seed.js'
import { DigitalOceanBackend } from './providers/digitalocean/backend.js'
import { defaultDigitalOceanFixture, loadDigitalOceanFixture } from './providers/digitalocean/seed.js'
import { clearCollections, createAkkerisCollections, createDigitalOceanCollections, restoreCollections, snapshotCollections, type CollectionsSnapshot } from './state/index.js'
import type { World } from './state/world.js'
import { startIncident } from './incidents.js'
import { SimError } from './core/errors.js'

/** Each provider's backend over one world. */
export interface Backends {
  akkeris: AkkerisBackend
  digitalocean: DigitalOceanBackend
}

/** A world and the backends that act on it. */
export interface WorldParts {
  world: World
  backends: Backends
  /** The world's faker, which can be put back to a point of its sequence. */
  faker: SeededFaker
  /** The world as its last population left it, for a reset to the same seed and content. */
  saved?: SavedWorld
}

/** Everything a population wrote: the records, the indexes and where the seeded sources stood. */
interface SavedWorld {
  seed: number
  content: string
  random: number
  fakerDraws: number
  akkeris: CollectionsSnapshot
  digitalocean: CollectionsSnapshot
  restoreBackends: Array<() => void>
}

/** Creates an empty world on `clock` and its backends. */
export function createWorld(seed: number, clock: Clock): WorldParts {
  const faker = createSeededFaker(seed)
  const world: World = {
    seed,
    clock,
    random: new Random(seed),
    faker: faker.faker,
    akkeris: createAkkerisCollections(),
    digitalocean: createDigitalOceanCollections(),
  }
  return { world, faker, backends: { akkeris: new AkkerisBackend(world), digitalocean: new DigitalOceanBackend(world) } }
}

/** What a population is keyed by: the default world, the empty one, or a fixture's JSON. */
export function contentKey(content: 'default' | 'empty' | Fixture): string {
  return typeof content === 'string' ? content : JSON.stringify(content)
}

/** Whether {@link populateWorld} with this seed and content puts back a saved world (nothing it does can then fail on its input). */
export function canRestore(parts: WorldParts, seed: number, key: string): boolean {
  return parts.saved?.seed === seed && parts.saved.content === key
}

/**
 * Empties the world, reseeds it with `seed`, and fills it with the default world, nothing, or a
 * fixture (one that passed `assertFixture`: its records are stored unchecked, see `World.loading`). Populating it again with the same seed and content puts back what the last population
 * made (records, indexes, the seeded sources' positions) instead of making it again: the same
 * world, in time linear in its records and without their validation.
 */
export async function populateWorld(parts: WorldParts, seed: number, content: 'default' | 'empty' | Fixture, key = contentKey(content)): Promise<void> {
  const { world, backends } = parts
  ;(world as { seed: number }).seed = seed
  if (canRestore(parts, seed, key) && restoreWorld(parts, parts.saved!)) return
  parts.saved = undefined
  world.random = new Random(seed)
  parts.faker.rewind(seed)
  backends.akkeris.clear()
  backends.digitalocean.clear()
  clearCollections(world.akkeris)
  clearCollections(world.digitalocean)
  if (content !== 'empty') {
    const akkeris = content === 'default' ? defaultAkkerisFixture(world.random.fork('default-world')) : content.akkeris
    const digitalocean = content === 'default' ? defaultDigitalOceanFixture() : content.digitalocean
    world.loading = true
    try {
      if (akkeris) await loadAkkerisFixture(backends.akkeris, akkeris)
      if (digitalocean) await loadDigitalOceanFixture(backends.digitalocean, digitalocean)
    } finally {
      world.loading = false
    }
    if (content !== 'default') await planEvents(backends, content.events ?? [])
  }
  parts.saved = {
    seed,
    content: key,
    random: world.random.saveState(),
    fakerDraws: parts.faker.draws(),
    akkeris: snapshotCollections(world.akkeris),
    digitalocean: snapshotCollections(world.digitalocean),
    restoreBackends: [backends.akkeris.snapshot(), backends.digitalocean.snapshot()],
  }
}

/** Puts the saved world back; false (and the world emptied) if the collections could not be. */
function restoreWorld(parts: WorldParts, saved: SavedWorld): boolean {
  const { world } = parts
  if (!restoreCollections(world.akkeris, saved.akkeris) || !restoreCollections(world.digitalocean, saved.digitalocean)) return false
  world.random = new Random(saved.seed)
  world.random.restoreState(saved.random)
  parts.faker.rewind(saved.seed, saved.fakerDraws)
  for (const restore of saved.restoreBackends) restore()
  return true
}

/** A fixture's timed events: each incident planned at the world's start plus its `at`. */
async function planEvents(backends: Backends, events: NonNullable<Fixture['events']>): Promise<void> {
  for (const [i, event] of events.entries()) {
    if (event.incident.at !== undefined || event.incident.in !== undefined) throw new TypeError(`$.events[${i}].incident: the event's "at" says when; leave "at" and "in" out of the incident`)
    await startIncident(backends, { ...event.incident, in: event.at }).catch((err: Error) => {
      const what = err instanceof SimError && err.message === err.code ? `no such app, component or dyno type (${err.code}) for ${JSON.stringify(event.incident.app)}` : err.message
      throw new TypeError(`$.events[${i}]: ${what}`)
    })
  }
}
