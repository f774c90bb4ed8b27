/** Identifiers drawn from the simulation's seeded source. */
import { toHex } from './bytes.js'
import type { ByteSource } from './secrets.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const UUID_DASHES = [4, 6, 8, 10]

/** A version-4 UUID from a byte source (the seeded one, or the secure generator for secrets). */
export function uuid(random: ByteSource): string {
  const b = random.bytes(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  return toHex(b, UUID_DASHES)
}

/** True for a UUID of versions 1 to 5 in canonical form, as Akkeris checks build ids. */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
