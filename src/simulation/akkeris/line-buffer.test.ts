import { describe, expect, it } from 'vitest'
import { uuidFromWords } from './format.js'
import { LineBuffer, piece, renderUuid } from './line-buffer.js'

describe('LineBuffer', () => {
  it('writes strings, pieces, integers and ids as the text built with + would read', () => {
    const w = new LineBuffer()
    const start = w.mark()
    w.b(piece('2026-01-01T00:00:00Z api-default akkeris/router: bytes='))
    w.n(16694)
    w.s(' method=GET request_id=')
    w.uuid(0x2adb6008, 0x55474c3a, 0xa42108ee, 0xb67ff3b0)
    w.s(' time=')
    w.n(1767225600726)
    w.nl()
    const expected =
      '2026-01-01T00:00:00Z api-default akkeris/router: bytes=' + 16694 + ' method=GET request_id=' +
      uuidFromWords(0x2adb6008, 0x55474c3a, 0xa42108ee, 0xb67ff3b0) + ' time=' + 1767225600726 + '\n'
    expect(w.text(start)).toBe(expected)
    expect(w.lineArray(start)).toEqual([expected.slice(0, -1)])
    expect(new TextDecoder().decode(w.bytes(start))).toBe(expected)
    expect(w.chars - start.chars).toBe(expected.length)
    expect(w.lines - start.lines).toBe(1)
  })

  it('writes integers of every size as String() does, and anything else through it', () => {
    const w = new LineBuffer()
    for (const x of [0, 7, 10, 99, 1000, 9999, 10000, 12345678, 100000000, 999999999999, 1e12, 1767225600726, Number.MAX_SAFE_INTEGER, -3, 2.5, 1e21, NaN]) {
      const at = w.mark()
      w.n(x)
      expect(w.text(at)).toBe(String(x))
      expect(w.chars - at.chars).toBe(String(x).length)
    }
  })

  it('encodes text beyond ASCII as UTF-8 and counts it in UTF-16 units, as string lengths do', () => {
    const w = new LineBuffer()
    const at = w.mark()
    const text = 'space prød — ✓ 😀 done'
    w.s(text)
    w.b(piece(text))
    expect(w.text(at)).toBe(text + text)
    expect(w.len - at.len).toBe(2 * new TextEncoder().encode(text).length)
    expect(w.chars - at.chars).toBe(2 * text.length)
  })

  it('grows as lines are written, and a rewind gives back what was written since a mark', () => {
    const w = new LineBuffer()
    w.s('kept')
    const at = w.mark()
    const line = 'x'.repeat(1000)
    for (let i = 0; i < 500; i++) {
      w.s(line)
      w.nl()
    }
    expect(w.lineArray(at)).toHaveLength(500)
    expect(w.buf.length).toBeGreaterThanOrEqual(w.len)
    w.rewind(at)
    expect(w.text(w.mark())).toBe('')
    expect([w.len, w.chars, w.lines]).toEqual([4, 4, 0])
    w.nl()
    expect(w.lineArray({ len: 0, chars: 0, lines: 0 })).toEqual(['kept'])
  })

  it('renders a request id once into bytes that are copied into each line', () => {
    const id = new Uint8Array(36)
    renderUuid(id, 0, 1, 2, 3, 4)
    const w = new LineBuffer()
    const at = w.mark()
    w.raw(id)
    w.s(' ')
    w.raw(id)
    expect(w.text(at)).toBe(`${uuidFromWords(1, 2, 3, 4)} ${uuidFromWords(1, 2, 3, 4)}`)
  })
})
