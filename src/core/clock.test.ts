import { describe, expect, it } from 'vitest'
import { Clock } from './clock.js'

describe('Clock.wakeStep', () => {
  it('keeps the step on manual and real clocks, and widens it on a fast one to about 100 ms of real time', () => {
    expect(new Clock({ mode: 'manual' }).wakeStep(1000)).toBe(1000)
    expect(new Clock({ mode: 'real' }).wakeStep(1000)).toBe(1000)
    expect(new Clock({ mode: 'scaled', speed: 60 }).wakeStep(1000)).toBe(6000)
    expect(new Clock({ mode: 'scaled', speed: 5 }).wakeStep(1000)).toBe(1000)
    expect(new Clock({ mode: 'scaled', speed: 1000 }).wakeStep(1000, 50)).toBe(50_000)
  })
})

describe('Clock.sleepUntil', () => {
  it('wakes the sleeps of a signal with false when it aborts, and leaves the others asleep', async () => {
    const clock = new Clock({ mode: 'manual' })
    const stream = new AbortController()
    const other = new AbortController()
    const t0 = clock.now()
    const mine = [clock.sleepUntil(t0 + 1000, stream.signal), clock.sleepUntil(t0 + 5000, stream.signal)]
    const theirs = clock.sleepUntil(t0 + 2000, other.signal)
    const plain = clock.sleepUntil(t0 + 3000)
    stream.abort()
    expect(await Promise.all(mine)).toEqual([false, false])
    clock.advance(3000)
    expect(await Promise.all([theirs, plain])).toEqual([true, true])
    expect(await clock.sleepUntil(t0 + 9000, stream.signal)).toBe(false) // already aborted
  })

  it('listens to a signal once however often a stream sleeps on it', async () => {
    const clock = new Clock({ mode: 'manual' })
    const stream = new AbortController()
    let listeners = 0
    const add = stream.signal.addEventListener.bind(stream.signal)
    stream.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners++
      add(...args)
    }) as AbortSignal['addEventListener']
    for (let i = 1; i <= 100; i++) {
      const woke = clock.sleepUntil(clock.now() + 1000, stream.signal)
      clock.advance(1000)
      expect(await woke).toBe(true)
    }
    expect(listeners).toBe(1)
  })
})
