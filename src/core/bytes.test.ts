import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64, utf8Decode, utf8Encode, utf8Length } from './bytes.js'

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
})
