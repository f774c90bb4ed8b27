/**
 * The signed-in Akkeris account and the spaces: read-only views drawn from the world's seed.
 * @see ../../../../shared/reference/akkeris.md#objects (Account, Space)
 */
import { SimError } from '../../core/errors.js'
import { isUuid } from '../../core/ids.js'
import type { Faker } from '@faker-js/faker'
import { hash32 } from '../../core/random.js'
import { uuidFromWords } from '../../simulation/akkeris/format.js'
import type { SpaceRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import type { SpacePlacement } from './serializers-platform.js'

/** A UUID that depends only on its keys. */
function keyedUuid(...keys: Array<string | number>): string {
  return uuidFromWords(hash32(...keys, 0), hash32(...keys, 1), hash32(...keys, 2), hash32(...keys, 3))
}

const DAY_MS = 86_400_000

/**
 * A new faker seeded with `seed`, made from the world's own (same class, same locale) so that the
 * account's draws never move the world's sequence and this module needs no faker import of its
 * own (faker loads with the world).
 */
function fakerLike(world: Faker, seed: number): Faker {
  const FakerClass = world.constructor as new (options: { locale: Faker['rawDefinitions'][]; seed: number }) => Faker
  return new FakerClass({ locale: [world.rawDefinitions], seed })
}
const ACCOUNTS_SINCE = Date.UTC(2019, 0, 1)

/** The account object for the user behind a token (the same token is always the same person). */
export function account(backend: AkkerisBackend, token: string) {
  const seed = backend.world.seed
  const person = backend.remember(`account:${token}`, () => {
    const faker = fakerLike(backend.world.faker, hash32(seed, 'account', token))
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    const login = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '')
    return {
      id: keyedUuid(seed, 'account', token),
      name: `${first} ${last}`,
      email: `${login}@${faker.internet.domainName()}`,
      createdAt: ACCOUNTS_SINCE + (hash32(seed, 'account-age', token) % 900) * DAY_MS,
    }
  })
  const lastLogin = new Date(backend.now()).toISOString()
  return {
    allow_tracking: true,
    beta: false,
    created_at: new Date(person.createdAt).toISOString(),
    email: person.email,
    id: person.id,
    last_login: lastLogin,
    name: person.name,
    sms_number: '',
    elevated_access: false,
    suspended_at: null,
    delinquent_at: null,
    two_factor_authentication: false,
    updated_at: lastLogin,
    verified: true,
  }
}

/** Region and stack of a space: every simulated space runs in `us-seattle` on `ds1`. */
export function spacePlacement(seed: number): SpacePlacement {
  return { region: { id: keyedUuid(seed, 'region', 'us-seattle'), name: 'us-seattle' }, stack: { id: keyedUuid(seed, 'stack', 'ds1'), name: 'ds1' } }
}

/** Every space, sorted by name, with its number of apps. */
export function listSpaces(backend: AkkerisBackend): Array<{ space: SpaceRecord; apps: number }> {
  const apps = backend.listApps()
  return [...backend.db.spaces.all()].sort((a, b) => a.name.localeCompare(b.name)).map((space) => ({ space, apps: apps.filter((a) => a.space === space.name).length }))
}

/** A space by name or UUID. */
export function findSpace(backend: AkkerisBackend, ref: string): { space: SpaceRecord; apps: number } {
  const found = listSpaces(backend).find(({ space }) => (isUuid(ref) ? space.id === ref.toLowerCase() : space.name === ref))
  if (!found) throw new SimError('space_not_found', { space: ref })
  return found
}
