import { describe, expect, it } from 'vitest'
import { Turns } from './turns.js'

const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('Turns', () => {
  it('answers a burst of requests in the same loop iteration until it has spent 8 ms, then the rest in later ones, in order', async () => {
    const turns = new Turns()
    const ran: number[] = []
    const iteration = { n: 0 }
    const tick = setInterval(() => iteration.n++, 0)
    const at: number[] = []
    for (let i = 0; i < 6; i++) {
      turns.admit(() => {
        ran.push(i)
        at.push(iteration.n)
        busy(5)
      })
    }
    // the third arrived after at least 10 ms of answering (the second, after 5 ms or more)
    expect(ran.length).toBeGreaterThanOrEqual(1)
    expect(ran.length).toBeLessThanOrEqual(2)
    for (let waited = 0; ran.length < 6 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
    clearInterval(tick)
    expect(ran).toEqual([0, 1, 2, 3, 4, 5])
    expect(at[5]).toBeGreaterThan(at[0]) // timers ran in between
  })

  it('runs deferred requests before the streams waiting for a turn', async () => {
    const turns = new Turns()
    const order: string[] = []
    turns.admit(() => busy(10))
    const stream = turns.next().then(() => order.push('stream'))
    turns.admit(() => order.push('request'))
    await stream
    expect(order).toEqual(['request', 'stream'])
  })
})
