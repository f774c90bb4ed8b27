import { describe, expect, it } from 'vitest'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { sign } from './secrets.js'

describe('sign', () => {
  it('is the first 128 bits of HMAC-SHA256, in lower-case hex (RFC 4231, test case 2)', () => {
    const key = new TextEncoder().encode('Jefe')
    expect(sign(key, 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c7')
  })

  it('gives in Node the bytes the browser build computes without node:crypto', () => {
    const key = new Uint8Array(32).map((_, i) => i * 7)
    const text = 'eyJhcHAiOiJhIiwiZXhwaXJlcyI6MX0'
    const portable = [...hmac(sha256, key, new TextEncoder().encode(text)).subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
    expect(sign(key, text)).toBe(portable)
  })

  it('hashes a key longer than a block first (RFC 4231, test case 6)', () => {
    const key = new Uint8Array(131).fill(0xaa)
    expect(sign(key, 'Test Using Larger Than Block-Size Key - Hash Key First')).toBe('60e431591ee0b67f0d8a26aacbf5b77f')
  })

  it('signs long and non-ASCII texts, one after another under the same key, as the portable HMAC does', () => {
    const key = new Uint8Array(32).map((_, i) => 255 - i)
    const portable = (text: string) => [...hmac(sha256, key, new TextEncoder().encode(text)).subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
    for (const text of ['', 'a'.repeat(5000), 'é€😀'.repeat(700), 'short after long']) expect(sign(key, text)).toBe(portable(text))
  })
})
