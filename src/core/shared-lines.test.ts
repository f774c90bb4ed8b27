import { describe, expect, it } from 'vitest'
import { SharedLines } from './shared-lines.js'

describe('SharedLines', () => {
  it('makes an entry once for every reader while it is kept', () => {
    const shared = new SharedLines<number, string>(4, 100)
    let made = 0
    const second = (sec: number) => shared.get(sec, () => (made++, [`line of ${sec}`]))
    expect(second(1)).toBe(second(1))
    expect(made).toBe(1)
  })

  it('forgets the entries made longest ago past its bounds, by entries and by lines', () => {
    const byEntries = new SharedLines<number, string>(2, 100)
    for (const sec of [1, 2, 3]) byEntries.get(sec, () => ['a'])
    expect(byEntries.size).toEqual({ entries: 2, lines: 2 })
    let made = 0
    byEntries.get(1, () => (made++, ['a']))
    expect(made).toBe(1) // 1 was the oldest, so it was made again
    const byLines = new SharedLines<number, string>(100, 5)
    byLines.get(1, () => ['a', 'b', 'c'])
    byLines.get(2, () => ['d', 'e', 'f'])
    expect(byLines.size).toEqual({ entries: 1, lines: 3 })
  })

  it('refuses bounds that keep nothing', () => {
    expect(() => new SharedLines(0, 10)).toThrow(RangeError)
    expect(() => new SharedLines(10, Number.NaN)).toThrow(RangeError)
  })
})
