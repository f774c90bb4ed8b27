import { describe, expect, it } from 'vitest'
import { Clock } from '../core/clock.js'
import { applyStreamFault, parseStreamFault, StreamDropped } from './stream-faults.js'
import type { StreamFault } from './types.js'

/** A producer that yields `batches`, each after waiting `gapMs` on the clock (0: at once). */
async function* producer(clock: Clock, signal: AbortSignal, batches: Array<string | string[]>, gapMs = 0): AsyncGenerator<string | string[]> {
  for (const batch of batches) {
    if (gapMs && !(await clock.sleepUntil(clock.now() + gapMs, signal))) return
    yield batch
  }
}

function faulted(fault: StreamFault, batches: Array<string | string[]>, gapMs = 0) {
  const clock = new Clock({ mode: 'manual' })
  const stop = new AbortController()
  const expired: number[] = []
  const out = applyStreamFault(producer(clock, stop.signal, batches, gapMs), fault, { clock, signal: stop.signal, stop: () => stop.abort(), expire: () => expired.push(clock.now()) })
  return { clock, stop, out, expired }
}

/** Reads every batch until the end or an error. */
async function drain(out: AsyncGenerator<string[]>): Promise<{ batches: string[][]; error?: unknown }> {
  const batches: string[][] = []
  try {
    for await (const batch of out) batches.push(batch)
    return { batches }
  } catch (error) {
    return { batches, error }
  }
}

describe('applyStreamFault', () => {
  it('drop after N lines cuts inside a batch, and splits text chunks into lines', async () => {
    const { out } = faulted({ kind: 'drop', lines: 3, code: 1011 }, [['a', 'b'], 'c\nd\n', ['e']])
    const { batches, error } = await drain(out)
    expect(batches).toEqual([['a', 'b'], ['c']])
    expect(error).toBeInstanceOf(StreamDropped)
    expect((error as StreamDropped).code).toBe(1011)
  })

  it('drop after a simulated duration fires while the producer is quiet, and releases its wait', async () => {
    const { clock, out } = faulted({ kind: 'drop', afterMs: 5000, code: 1006 }, [['a'], ['b']], 10_000)
    const result = drain(out)
    await new Promise((resolve) => setImmediate(resolve))
    expect(clock.pending).toBe(2) // the producer's wait and the deadline
    clock.advance('5s')
    expect(await result).toMatchObject({ batches: [], error: { name: 'StreamDropped', code: 1006 } })
    expect(clock.pending).toBe(0)
  })

  it('stall for a duration holds the rest of the batch back, then sends it', async () => {
    const { clock, out } = faulted({ kind: 'stall', lines: 1, forMs: 2000 }, [['a', 'b', 'c']])
    expect((await out.next()).value).toEqual(['a'])
    const next = out.next()
    await new Promise((resolve) => setImmediate(resolve))
    expect(clock.pending).toBe(1)
    clock.advance('2s')
    expect((await next).value).toEqual(['b', 'c'])
    expect((await out.next()).done).toBe(true)
  })

  it('stall without a duration lasts until the client leaves', async () => {
    const { clock, stop, out } = faulted({ kind: 'stall' }, [['a']])
    const next = out.next()
    clock.advance('1h')
    await new Promise((resolve) => setImmediate(resolve))
    stop.abort()
    expect(await next).toEqual({ done: true, value: undefined })
  })

  it('expire calls the hook once and ends cleanly after N lines', async () => {
    const { out, expired, clock } = faulted({ kind: 'expire', lines: 2 }, [['a', 'b', 'c']])
    expect(await drain(out)).toEqual({ batches: [['a', 'b']] })
    expect(expired).toEqual([clock.now()])
  })

  it('throttle by bytes: each simulated second takes what fits, an oversized line goes alone', async () => {
    const line = '123456789' // 10 bytes with its newline
    const { clock, out } = faulted({ kind: 'throttle', bytesPerSecond: 25 }, [[line, line, line, 'x'.repeat(40), line]])
    const got: string[][] = []
    const reading = (async () => {
      for await (const batch of out) got.push(batch)
    })()
    for (let s = 0; s < 4; s++) {
      await new Promise((resolve) => setImmediate(resolve))
      got.push(['|'])
      clock.advance('1s')
    }
    await reading
    expect(got.map((b) => b.map((l) => (l === '|' ? '|' : l.length)).join(','))).toEqual(['9,9', '|', '9', '|', '40', '|', '9', '|']) // line lengths, a bar per second
  })
})

describe('parseStreamFault', () => {
  it('is undefined for other kinds and fills the defaults', () => {
    expect(parseStreamFault({ operationId: '*', status: 503 })).toBeUndefined()
    expect(parseStreamFault({ operationId: '*', kind: 'drop' })).toEqual({ kind: 'drop', code: 1006 })
    expect(parseStreamFault({ operationId: '*', kind: 'stall', afterTime: '1m30s' })).toEqual({ kind: 'stall', afterMs: 90_000 })
  })
})
