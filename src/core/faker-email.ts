/**
 * E-mail addresses drawn from the world's faker the way `faker.internet.email()` draws them, and
 * spelled the same, without its per-character transliteration of the name: that pass cost more
 * than the draws themselves (about 8 µs an address, four addresses an app in a world of a
 * thousand). Imports faker for its types only: the backends that use this load with `paasim`.
 */
import type { Faker } from '@faker-js/faker'

const SEPARATORS = ['.', '_']
/** faker's three user-name shapes: first, separator, last and number; without the number; first and number. */
const SHAPES = [0, 1, 2]
const NOT_ASCII = /[^\x00-\x7f]/
const NOT_ALLOWED = /[^A-Za-z0-9._+-]+/g

/**
 * `faker.internet.email()`: the same draws in the same order (provider, first name, last name,
 * separator, number, shape), so the faker stands where it would; the same address.
 * @note The world's locale (`en`) spells every name in ASCII, which faker's transliteration keeps
 * as it is; apostrophes and spaces go, as faker drops them. A name outside ASCII would need that
 * transliteration: it is refused rather than spelled differently.
 */
export function fakeEmail(faker: Faker): string {
  const provider = faker.helpers.arrayElement(faker.definitions.internet.free_email)
  const first = faker.person.firstName()
  const last = faker.person.lastName()
  const separator = faker.helpers.arrayElement(SEPARATORS)
  const number = faker.number.int(99)
  const shape = faker.helpers.arrayElement(SHAPES)
  let user = shape === 0 ? `${first}${separator}${last}${number}` : shape === 1 ? `${first}${separator}${last}` : `${first}${number}`
  if (NOT_ASCII.test(user)) throw new Error(`paasim: the faker locale spells a name outside ASCII (${JSON.stringify(user)}); fakeEmail expects en`)
  user = user.replace(NOT_ALLOWED, '').substring(0, 50)
  if (user.includes('..')) user = user.replace(/\.{2,}/g, '.')
  if (user.startsWith('.')) user = user.slice(1)
  if (user.endsWith('.')) user = user.slice(0, -1)
  return `${user}@${provider}`
}
