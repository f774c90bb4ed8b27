/**
 * Secrets of a simulation: the key that signs DigitalOcean log URLs and the source of Akkeris log
 * session ids. Seeded (the default, and `paasim serve --seed N`): derived from the seed, so runs are
 * byte-identical — and anyone who knows the seed can mint URLs. Random (`paasim serve` without
 * `--seed`): a fresh 256-bit key per process and ids from the platform's secure generator.
 * Browser-safe: Web Crypto's `getRandomValues` and a pure-JS HMAC-SHA256.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { Random } from './random.js'

/** Where unguessable values come from: the seed (reproducible) or a secure generator. */
export type SecretsMode = 'seeded' | 'random'

/** Something that yields bytes (a seeded {@link Random} or the secure generator). */
export interface ByteSource {
  bytes(n: number): Uint8Array
}

const encoder = new TextEncoder()

/** Bytes from the platform's cryptographically secure generator. */
export const secureBytes: ByteSource = {
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    globalThis.crypto.getRandomValues(out)
    return out
  },
}

/** The signing key of a world: derived from the seed, or 32 secure random bytes. */
export function signingKey(mode: SecretsMode, seed: number): Uint8Array {
  return mode === 'random' ? secureBytes.bytes(32) : sha256(encoder.encode(`paasim log-url key ${seed}`))
}

type NodeHmac = (algorithm: 'sha256', key: Uint8Array) => { update(text: string): { digest(encoding: 'hex'): string } }
/** Node's native HMAC where the runtime has one (`process.getBuiltinModule`, no import): the same bytes, a tenth of the time. */
const nodeHmac = (globalThis as { process?: { getBuiltinModule?: (id: 'node:crypto') => { createHmac: NodeHmac } | undefined } }).process?.getBuiltinModule?.('node:crypto')?.createHmac

/** HMAC-SHA256 of `text` under `key`, as 32 lower-case hex characters (128 bits). */
export function sign(key: Uint8Array, text: string): string {
  if (nodeHmac) return nodeHmac('sha256', key).update(text).digest('hex').slice(0, 32)
  const mac = hmac(sha256, key, encoder.encode(text))
  let hex = ''
  for (let i = 0; i < 16; i++) hex += mac[i].toString(16).padStart(2, '0')
  return hex
}

/** Compares two strings in time that depends only on their length. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** The source of session ids: the world's seeded draws, or the secure generator. */
export function idSource(mode: SecretsMode, seeded: Random): ByteSource {
  return mode === 'random' ? secureBytes : seeded
}
