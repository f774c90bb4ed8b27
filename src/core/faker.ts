/** The world's seeded faker: its own instance, never the global one (loaded with the world, not at import). */
import { Faker, en, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker'
import { hash32 } from './random.js'

/** A faker instance seeded from the given value. */
export function createFaker(seed: number | string): Faker {
  return createSeededFaker(seed).faker
}

/** A seeded faker that knows how far along its sequence it is, so it can be put back there. */
export interface SeededFaker {
  readonly faker: Faker
  /** Draws taken from the generator since it was last seeded. */
  draws(): number
  /** Reseeds with `seed` and skips `draws` draws: the faker then answers as it did at that point. */
  rewind(seed: number | string, draws?: number): void
}

/**
 * Creates a {@link SeededFaker}: faker's own Mersenne generator (the one `new Faker({ seed })` uses,
 * so the values are the same), with its draws counted.
 */
export function createSeededFaker(seed: number | string): SeededFaker {
  const inner = generateMersenne53Randomizer()
  let count = 0
  const randomizer: Randomizer = {
    next: () => {
      count++
      return inner.next()
    },
    seed: (value) => {
      count = 0
      inner.seed(value)
    },
  }
  const toNumber = (value: number | string) => (typeof value === 'number' ? value : hash32(value))
  const faker = new Faker({ locale: [en], randomizer, seed: toNumber(seed) })
  return {
    faker,
    draws: () => count,
    rewind(value, draws = 0) {
      inner.seed(toNumber(value))
      for (let i = 0; i < draws; i++) inner.next()
      count = draws
    },
  }
}
