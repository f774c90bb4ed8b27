/** Identifiers drawn from the simulation's seeded source. */
import type { Random } from './random.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

/** A version-4 UUID from the seeded source. */
export function uuid(random: Random): string {
  const b = random.bytes(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** True for a UUID of versions 1 to 5 in canonical form, as Akkeris checks build ids. */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
