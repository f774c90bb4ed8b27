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
