import { describe, expect, it } from 'vitest'
import { Clock } from './clock.js'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('Clock: pause, resume and speed', () => {
  it('holds a scaled clock while paused: waits fire only when advanced past them or after resuming', async () => {
    const clock = new Clock({ mode: 'scaled', speed: 1000, now: '2026-01-01T00:00:00Z' })
    clock.pause()
    const at = clock.now()
    let woke = false
    const wait = clock.sleepUntil(at + 20_000).then((reached) => (woke = reached))
    await tick(60) // 60 s of simulated time, had it run
    expect([clock.now(), woke]).toEqual([at, false])
    clock.advance('10s')
    await tick(0)
    expect(woke).toBe(false)
    clock.resume()
    await wait // the last 10 s at 1000× take about 10 ms
    expect(woke).toBe(true)
    clock.dispose()
  })

  it('changes speed from now on; a real clock given another speed becomes scaled; a manual clock refuses', () => {
    const real = new Clock({ mode: 'real' })
    real.setSpeed(1)
    expect([real.mode, real.speed]).toEqual(['real', 1])
    real.setSpeed(120)
    expect([real.mode, real.speed]).toEqual(['scaled', 120])
    expect(() => real.setSpeed(0)).toThrow(RangeError)
    expect(() => new Clock({ mode: 'manual' }).setSpeed(2)).toThrow(/manual clock/)
  })

  it('tells listeners of every change and goes back to its first mode and speed on restart', () => {
    const clock = new Clock({ mode: 'scaled', speed: 60 })
    const seen: number[] = []
    const stop = clock.onChange((now) => seen.push(now))
    expect(clock.listeners).toBe(1)
    clock.pause()
    clock.setSpeed(600)
    clock.resume()
    expect(seen).toHaveLength(3)
    clock.restart()
    expect([clock.mode, clock.speed, clock.paused]).toEqual(['scaled', 60, false])
    stop()
    expect(clock.listeners).toBe(0)
    clock.dispose()
  })
})
