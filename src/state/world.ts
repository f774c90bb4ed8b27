/** One simulated world: the clock, the seeded sources and every provider's collections. */
import type { Faker } from '@faker-js/faker'
import type { Clock } from '../core/clock.js'
import type { Random } from '../core/random.js'
import type { AkkerisCollections } from './akkeris.js'
import type { DigitalOceanCollections } from './digitalocean.js'

export interface World {
  /** The seed the world was built from; producers key their draws on it. */
  readonly seed: number
  readonly clock: Clock
  /** Sequential source for creating resources; reseeded on reset. */
  random: Random
  /** Seeded faker for names, messages and e-mails; reseeded on reset. */
  faker: Faker
  /**
   * True while the world is filled from the default world or from a fixture that passed the
   * fixture schema: the records made then are stored without their own schema's check (the
   * fixture schema holds every value to what the records allow).
   */
  loading?: boolean
  readonly akkeris: AkkerisCollections
  readonly digitalocean: DigitalOceanCollections
}
