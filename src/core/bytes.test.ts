import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64, toHex, utf8Decode, utf8Encode, utf8Length } from './bytes.js'
import { uuid } from './ids.js'
import { Random } from './random.js'

describe('bytes helpers agree with Node Buffer', () => {
  const samples = ['', 'a', 'ab', 'abc', 'user:secret', 'ünïcödé ✓ 🚀', '{"app":"x","upto":"2026"}', '\u0000\u00ff']

  it('base64 round-trips like Buffer, standard and URL-safe', () => {
    for (const s of samples) {
      const bytes = utf8Encode(s)
      expect(toBase64(bytes)).toBe(Buffer.from(s).toString('base64'))
      expect(toBase64(bytes, true)).toBe(Buffer.from(s).toString('base64url'))
      expect(utf8Decode(fromBase64(Buffer.from(s).toString('base64')))).toBe(s)
      expect(utf8Decode(fromBase64(Buffer.from(s).toString('base64url')))).toBe(s)
    }
  })

  it('decodes junk leniently, as Buffer does, without throwing', () => {
    for (const junk of ['!!!', 'a', 'abc=def', ' dXNlcjpw YXNz ', '%%%dXNlcg==', 'ab=', '====']) {
      expect(Buffer.from(fromBase64(junk)).toString('hex')).toBe(Buffer.from(junk, 'base64').toString('hex'))
    }
  })

  it('measures UTF-8 length', () => {
    for (const s of samples) expect(utf8Length(s)).toBe(Buffer.byteLength(s))
  })

  it('writes hex like Buffer, with dashes where asked (a UUID), of any length', () => {
    const random = new Random(7)
    for (const n of [0, 1, 16, 20, 32, 100]) {
      const bytes = random.bytes(n)
      expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'))
    }
    const id = uuid(new Random(7))
    const hex = Buffer.from(new Random(7).bytes(16).map((b, i) => (i === 6 ? (b & 0x0f) | 0x40 : i === 8 ? (b & 0x3f) | 0x80 : b))).toString('hex')
    expect(id).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`)
  })
})
