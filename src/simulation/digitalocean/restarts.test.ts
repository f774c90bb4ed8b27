import { describe, expect, it } from 'vitest'
import {
  bootDelayMs,
  crashCause,
  isRestarting,
  lastRestartAtOrBefore,
  nextRestartAfter,
  nthRestartAt,
  restartCountUpTo,
  restartTimes,
  type RestartParams,
} from './restarts.js'

const SINCE = Date.parse('2026-01-01T00:00:00Z')
const P: RestartParams = { seed: 3, appId: 'app', component: 'worker', instance: 'worker-0', crashing: true, since: SINCE }
const DAY = 86_400_000

describe('restart schedule', () => {
  it('restarts every 3–9 minutes after `since`', () => {
    const times = restartTimes(P, SINCE, SINCE + DAY)
    expect(times.length).toBeGreaterThan(200)
    expect(times[0] - SINCE).toBeGreaterThanOrEqual(4.5 * 60_000)
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1]
      expect(gap).toBeGreaterThanOrEqual(3 * 60_000)
      expect(gap).toBeLessThanOrEqual(9 * 60_000)
    }
  })

  it('adds the restarts incidents force, merged with the seeded loop and ignored before `since`', () => {
    const at = (min: number) => SINCE + min * 60_000
    const crashes = [at(-5), at(20), at(21)].map((t) => ({ at: t, cause: 'uncaught' as const, startedAt: at(-10) }))
    const steady = { ...P, crashing: false, crashes }
    expect(restartTimes(steady, SINCE - DAY, SINCE + DAY)).toEqual([at(20), at(21)])
    expect([restartCountUpTo(steady, at(20) - 1), restartCountUpTo(steady, at(20)), restartCountUpTo(steady, at(30))]).toEqual([0, 1, 2])
    expect([lastRestartAtOrBefore(steady, at(20) + 5), nextRestartAfter(steady, at(20))]).toEqual([at(20), at(21)])
    expect(isRestarting(steady, at(21) + 1000)).toBe(true)
    const looping = { ...P, crashes }
    const merged = restartTimes(looping, SINCE, SINCE + 3_600_000)
    expect(merged).toEqual([...restartTimes(P, SINCE, SINCE + 3_600_000), at(20), at(21)].sort((a, b) => a - b))
    expect(restartCountUpTo(looping, SINCE + 3_600_000)).toBe(merged.length)
  })

  it('never restarts a healthy instance', () => {
    const healthy = { ...P, crashing: false }
    expect(restartTimes(healthy, SINCE, SINCE + DAY)).toEqual([])
    expect(restartCountUpTo(healthy, SINCE + DAY)).toBe(0)
    expect(nextRestartAfter(healthy, SINCE)).toBeUndefined()
    expect(isRestarting(healthy, SINCE + DAY)).toBe(false)
  })

  it('counts agree with the listed restarts for any window', () => {
    const all = restartTimes(P, SINCE, SINCE + DAY)
    for (let t = SINCE - 5000; t < SINCE + DAY; t += 97_531) {
      expect(restartCountUpTo(P, t)).toBe(all.filter((x) => x <= t).length)
    }
    for (const r of all.slice(0, 20)) {
      expect(restartCountUpTo(P, r)).toBe(restartCountUpTo(P, r - 1) + 1)
      expect(lastRestartAtOrBefore(P, r)).toBe(r)
      expect(nextRestartAfter(P, r - 1)).toBe(r)
    }
    const a = SINCE + 3 * 3_600_000 + 1234
    const b = a + 2 * 3_600_000
    expect([...restartTimes(P, SINCE, a), ...restartTimes(P, a, b)]).toEqual(all.filter((x) => x < b))
    expect(restartCountUpTo(P, b - 1) - restartCountUpTo(P, a - 1)).toBe(restartTimes(P, a, b).length)
  })

  it('is closed-form: the k-th restart does not depend on what was asked before', () => {
    const far = SINCE + 365 * DAY
    const k = restartCountUpTo(P, far)
    expect(nthRestartAt(P, k)).toBeLessThanOrEqual(far)
    expect(nthRestartAt(P, k + 1)).toBeGreaterThan(far)
  })

  it('is down for a few seconds after each restart', () => {
    const [r] = restartTimes(P, SINCE, SINCE + DAY)
    const boot = bootDelayMs(P, r)
    expect(boot).toBeGreaterThanOrEqual(3000)
    expect(boot).toBeLessThan(12_000)
    expect(isRestarting(P, r - 1)).toBe(false)
    expect(isRestarting(P, r)).toBe(true)
    expect(isRestarting(P, r + boot - 1)).toBe(true)
    expect(isRestarting(P, r + boot)).toBe(false)
  })

  it('gives each instance a fixed crash cause', () => {
    const causes = new Set(Array.from({ length: 40 }, (_, i) => crashCause({ ...P, instance: `worker-${i}` })))
    expect(causes).toEqual(new Set(['oom', 'econnrefused', 'uncaught']))
    expect(crashCause(P)).toBe(crashCause({ ...P }))
  })
})
