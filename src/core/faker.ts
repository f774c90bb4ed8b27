/** The world's seeded faker: its own instance, never the global one (loaded with the world, not at import). */
import { Faker, en } from '@faker-js/faker'
import { hash32 } from './random.js'

/** A faker instance seeded from the given value. */
export function createFaker(seed: number | string): Faker {
  return new Faker({ locale: [en], seed: typeof seed === 'number' ? seed : hash32(seed) })
}
