/**
 * Base64 and UTF-8 helpers that run the same in Node and in browsers (the library's main entry
 * must not need Node's `Buffer`).
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8')

type NodeBufferLike = {
  byteLength(text: string, encoding: 'utf8'): number
  from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64' | 'base64url'): string }
  from(text: string, encoding: 'utf8'): { toString(encoding: 'base64' | 'base64url'): string }
}
const nodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer

const HEX_DIGITS = encoder.encode('0123456789abcdef')
let hexScratch = new Uint8Array(64)

/**
 * Lower-case hex of `bytes`, with a `-` before each byte index listed in `dashBefore` (ascending;
 * a UUID's groups), made as one flat string: a string joined from two-digit pieces is a rope that
 * every use as a key flattens again (most of what a world of a thousand apps spent on its ids).
 */
export function toHex(bytes: Uint8Array, dashBefore: readonly number[] = []): string {
  const size = bytes.length * 2 + dashBefore.length
  if (hexScratch.length < size) hexScratch = new Uint8Array(size * 2)
  let k = 0
  let d = 0
  for (let i = 0; i < bytes.length; i++) {
    if (i === dashBefore[d]) {
      hexScratch[k++] = 45
      d++
    }
    hexScratch[k++] = HEX_DIGITS[bytes[i] >> 4]
    hexScratch[k++] = HEX_DIGITS[bytes[i] & 15]
  }
  return decoder.decode(hexScratch.subarray(0, k))
}

/** The UTF-8 size of `text`: `Buffer.byteLength` where Node has it (no encoding), else by encoding. */
export function utf8Length(text: string): number {
  return nodeBuffer ? nodeBuffer.byteLength(text, 'utf8') : encoder.encode(text).byteLength
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text)
}

/** `bytes` read as UTF-8 (invalid sequences become U+FFFD, as `Buffer#toString` does). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** Standard or URL-safe base64 of the UTF-8 bytes of `text` (in Node, one step: no `Uint8Array` between). */
export function textToBase64(text: string, url = false): string {
  return nodeBuffer ? nodeBuffer.from(text, 'utf8').toString(url ? 'base64url' : 'base64') : toBase64(encoder.encode(text), url)
}

/** Standard or URL-safe base64 of `bytes`; `url` drops the padding. Node's `Buffer` where there is one (a log URL is signed per request). */
export function toBase64(bytes: Uint8Array, url = false): string {
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(url ? 'base64url' : 'base64')
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  const b64 = btoa(binary)
  return url ? b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : b64
}

/**
 * Bytes of a base64 text, standard or URL-safe, padded or not. Like Node's base64 decoding,
 * it is lenient: whitespace and characters outside the alphabet are skipped, and input stops at
 * the first `=`. Never throws.
 */
export function fromBase64(text: string): Uint8Array {
  let clean = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '=') break
    if (c === '-') clean += '+'
    else if (c === '_') clean += '/'
    else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '+' || c === '/') clean += c
  }
  // a lone trailing sextet carries no whole byte (Buffer drops it too)
  if (clean.length % 4 === 1) clean = clean.slice(0, -1)
  const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
