/** Identifiers drawn from the simulation's seeded source. */
import type { ByteSource } from './secrets.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A version-4 UUID from a byte source (the seeded one, or the secure generator for secrets). */
export function uuid(random: ByteSource): string {
  const b = random.bytes(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  return (
    HEX[b[0]] + HEX[b[1]] + HEX[b[2]] + HEX[b[3]] + '-' + HEX[b[4]] + HEX[b[5]] + '-' + HEX[b[6]] + HEX[b[7]] + '-' +
    HEX[b[8]] + HEX[b[9]] + '-' + HEX[b[10]] + HEX[b[11]] + HEX[b[12]] + HEX[b[13]] + HEX[b[14]] + HEX[b[15]]
  )
}

/** True for a UUID of versions 1 to 5 in canonical form, as Akkeris checks build ids. */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
