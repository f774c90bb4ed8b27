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

type NodeHash = {
  (algorithm: 'sha256', data: Uint8Array, outputEncoding: 'buffer'): Uint8Array
  (algorithm: 'sha256', data: Uint8Array, outputEncoding: 'hex'): string
}
/** Node's one-shot native hash where the runtime has it (`process.getBuiltinModule`, no import). */
const nodeHash = (globalThis as { process?: { getBuiltinModule?: (id: 'node:crypto') => { hash?: NodeHash } | undefined } }).process?.getBuiltinModule?.('node:crypto')?.hash

/** SHA-256's block size: HMAC pads its key to it. */
const BLOCK = 64

/**
 * A key's HMAC pads, each in front of room for what is hashed after it: the inner pad before the
 * message, the outer pad before the inner digest. Kept per key, so that a signature is two one-shot
 * native hashes (less than half of what `createHmac` costs per call: a log URL is signed per request).
 */
interface Pads {
  inner: Uint8Array<ArrayBuffer>
  outer: Uint8Array<ArrayBuffer>
}
const padsOf = new WeakMap<Uint8Array, Pads>()

function pads(key: Uint8Array): Pads {
  let p = padsOf.get(key)
  if (p) return p
  const block = key.length > BLOCK ? sha256(key) : key
  p = { inner: new Uint8Array(BLOCK + 1024).fill(0x36), outer: new Uint8Array(BLOCK + 32).fill(0x5c) }
  for (let i = 0; i < block.length; i++) {
    p.inner[i] ^= block[i]
    p.outer[i] ^= block[i]
  }
  padsOf.set(key, p)
  return p
}

/** HMAC-SHA256 of `text` under `key`, as 32 lower-case hex characters (128 bits). */
export function sign(key: Uint8Array, text: string): string {
  if (nodeHash) {
    const p = pads(key)
    // UTF-8 takes at most three bytes per UTF-16 unit
    if (p.inner.length < BLOCK + text.length * 3) {
      const inner = new Uint8Array(BLOCK + text.length * 3)
      inner.set(p.inner.subarray(0, BLOCK))
      p.inner = inner
    }
    const { written } = encoder.encodeInto(text, p.inner.subarray(BLOCK))
    p.outer.set(nodeHash('sha256', p.inner.subarray(0, BLOCK + written), 'buffer'), BLOCK)
    return nodeHash('sha256', p.outer, 'hex').slice(0, 32)
  }
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
