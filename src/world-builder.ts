/**
 * The heavy half of a simulation — collections (`@msw/data`, zod), the seeded faker, the backends
 * and the seeders — loaded when a world is first built rather than when `paasim` is imported, so
 * test files that import paasim do not pay for it up front.
 */
import type { Clock } from './core/clock.js'
import { createFaker } from './core/faker.js'
import { Random } from './core/random.js'
import type { Fixture } from './fixtures/index.js'
import { AkkerisBackend } from './providers/akkeris/backend.js'
import { defaultAkkerisFixture, loadAkkerisFixture } from './providers/akkeris/seed.js'
import { DigitalOceanBackend } from './providers/digitalocean/backend.js'
import { defaultDigitalOceanFixture, loadDigitalOceanFixture } from './providers/digitalocean/seed.js'
import { clearCollections, createAkkerisCollections, createDigitalOceanCollections } from './state/index.js'
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
}

/** Creates an empty world on `clock` and its backends. */
export function createWorld(seed: number, clock: Clock): WorldParts {
  const world: World = {
    seed,
    clock,
    random: new Random(seed),
    faker: createFaker(seed),
    akkeris: createAkkerisCollections(),
    digitalocean: createDigitalOceanCollections(),
  }
  return { world, backends: { akkeris: new AkkerisBackend(world), digitalocean: new DigitalOceanBackend(world) } }
}

/** Empties the world, reseeds it with `seed`, and fills it with the default world, nothing, or a fixture. */
export async function populateWorld(parts: WorldParts, seed: number, content: 'default' | 'empty' | Fixture): Promise<void> {
  const { world, backends } = parts
  ;(world as { seed: number }).seed = seed
  world.random = new Random(seed)
  world.faker = createFaker(seed)
  backends.akkeris.clear()
  backends.digitalocean.clear()
  clearCollections(world.akkeris)
  clearCollections(world.digitalocean)
  if (content === 'empty') return
  const akkeris = content === 'default' ? defaultAkkerisFixture(world.random.fork('default-world')) : content.akkeris
  if (akkeris) await loadAkkerisFixture(backends.akkeris, akkeris)
  const digitalocean = content === 'default' ? defaultDigitalOceanFixture() : content.digitalocean
  if (digitalocean) await loadDigitalOceanFixture(backends.digitalocean, digitalocean)
  if (content !== 'default') await planEvents(backends, content.events ?? [])
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
