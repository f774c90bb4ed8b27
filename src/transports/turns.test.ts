import { describe, expect, it } from 'vitest'
import { Turns } from './turns.js'
import { requestKind } from './express.js'

const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

/** Counts turns of the event loop: `now` goes up by one each iteration (a setImmediate that re-arms itself). */
function countIterations(): { readonly now: number; stop(): void } {
  let now = 0
  let done = false
  const tick = () => {
    now++
    if (!done) setImmediate(tick)
  }
  tick()
  return {
    get now() {
      return now
    },
    stop: () => void (done = true),
  }
}

/** Waits (up to 5 s, polling every 5 ms) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 5000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5))
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
    await until(() => ran.length >= 6)
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

  it('counts the work a deferred answer does in its promises against the round', async () => {
    const turns = new Turns()
    const loop = countIterations()
    const done: number[] = []
    turns.admit(() => busy(10)) // this iteration's share is spent: the rest wait for later ones
    for (let i = 0; i < 20; i++) {
      // an answer that reads its body and answers in promises, 2 ms of work after the call returns
      turns.admit(() => Promise.resolve().then(() => (busy(2), done.push(loop.now))))
    }
    await until(() => done.length >= 20)
    loop.stop()
    const perIteration = new Map<number, number>()
    for (const at of done) perIteration.set(at, (perIteration.get(at) ?? 0) + 1)
    // 8 ms rounds: about four such answers a loop iteration, not all twenty in one
    expect(Math.max(...perIteration.values())).toBeLessThanOrEqual(5)
  })

  it('keeps its rounds short while the server accepts connections, so the loop comes back soon for the next one', async () => {
    /** The median number of stream turns per event-loop iteration, two streams taking 0.1 ms a turn. */
    const turnsPerIteration = async (connectionsArriving: boolean) => {
      const turns = new Turns()
      const loop = countIterations()
      const counts = new Map<number, number>()
      const stream = async () => {
        for (let i = 0; i < 150; i++) {
          await turns.next()
          // a server calls accepted() on each 'connection': here one arrives on every turn
          if (connectionsArriving) turns.accepted()
          counts.set(loop.now, (counts.get(loop.now) ?? 0) + 1)
          busy(0.1)
        }
      }
      await Promise.all([stream(), stream()])
      loop.stop()
      const sorted = [...counts.values()].sort((a, b) => a - b)
      return sorted[Math.floor(sorted.length / 2)]
    }
    // libuv accepts one connection per iteration: 8 ms rounds would let a burst of a thousand wait 8 s
    expect(await turnsPerIteration(true)).toBeLessThanOrEqual(4)
    expect(await turnsPerIteration(false)).toBeGreaterThanOrEqual(20)
  })

  it('answers plain requests before the stream openings queued ahead of them while connections keep arriving, and opens a stream a round when each takes more than half a round', async () => {
    const turns = new Turns()
    const loop = countIterations()
    const ran: Array<[string, number]> = []
    turns.accepted() // the server just accepted a connection: a burst may be coming in
    // an opening takes 0.2 ms: more than half a round while connections arrive (0.25 ms)
    for (let i = 0; i < 3; i++) turns.admit(() => (ran.push([`log session ${i}`, loop.now]), busy(0.2)), 'opens')
    turns.admit(() => ran.push(['GET /apps', loop.now]))
    expect(ran.map(([what]) => what)).toEqual(['GET /apps'])
    await until(() => ran.length >= 4)
    loop.stop()
    expect(ran.map(([what]) => what)).toEqual(['GET /apps', 'log session 0', 'log session 1', 'log session 2'])
    const [, first, second, third] = ran.map(([, at]) => at)
    expect(first).toBeLessThan(second)
    expect(second).toBeLessThan(third)
  })

  it('opens the streams of sessions already made before it makes more, while connections keep arriving', async () => {
    const turns = new Turns()
    const ran: string[] = []
    turns.accepted()
    // a burst of clients each make a log session, then read its stream: the first reads arrive behind the other makings
    for (let i = 0; i < 3; i++) turns.admit(() => ran.push(`POST log session ${i}`), 'makes')
    turns.admit(() => ran.push('GET stream 0'), 'opens')
    turns.admit(() => ran.push('GET stream 1'), 'opens')
    await until(() => ran.length >= 5)
    expect(ran).toEqual(['GET stream 0', 'GET stream 1', 'POST log session 0', 'POST log session 1', 'POST log session 2'])
  })

  it('opens streams before it makes sessions when a burst has spent its loop iteration, connections or not', async () => {
    const turns = new Turns()
    const ran: string[] = []
    turns.admit(() => busy(10)) // the iteration's share is spent: what comes next waits
    for (let i = 0; i < 3; i++) turns.admit(() => ran.push(`POST log session ${i}`), 'makes')
    turns.admit(() => ran.push('GET stream 0'), 'opens')
    turns.admit(() => ran.push('GET /apps'))
    await until(() => ran.length >= 5)
    expect(ran).toEqual(['GET /apps', 'GET stream 0', 'POST log session 0', 'POST log session 1', 'POST log session 2'])
  })

  it('goes on with its rounds in the next loop iteration once an iteration accepted no connection', async () => {
    const turns = new Turns()
    const loop = countIterations()
    turns.accepted() // one connection came in; the accept queue is empty after it
    const opened: number[] = []
    for (let i = 0; i < 20; i++) turns.admit(() => opened.push(loop.now), 'opens')
    let streaming = true
    const stream = async () => {
      // each turn outlasts a round, so every round ends on its budget
      while (streaming) {
        await turns.next()
        busy(0.3)
      }
    }
    const streams = [stream(), stream()]
    await until(() => opened.length >= 20)
    streaming = false
    await Promise.all(streams)
    loop.stop()
    // one opening a round, a round an iteration: waiting for connections that are not coming would
    // leave hundreds of iterations between them
    expect(opened).toHaveLength(20)
    expect(opened[19] - opened[0]).toBeLessThanOrEqual(60)
  })

  it('opens streams at once when no connections are arriving', () => {
    const turns = new Turns()
    const ran: string[] = []
    turns.admit(() => ran.push('log session'), 'makes')
    expect(ran).toEqual(['log session'])
  })
})

describe('requestKind', () => {
  it('tells the requests that read a stream from those that make a session to stream from', () => {
    expect(requestKind('/log-sessions/0f3c1e2a-0000-4000-8000-000000000000')).toBe('opens')
    expect(requestKind('/v2/live-logs/abc?token=x')).toBe('opens')
    expect(requestKind('/v2/log-archive/abc')).toBe('opens')
    expect(requestKind('/apps/api-default/log-sessions')).toBe('makes')
    expect(requestKind('/v2/apps/4f6c/logs?type=RUN&follow=true')).toBe('makes')
    expect(requestKind('/v2/apps/4f6c/deployments/9a/components/web/logs')).toBe('makes')
    expect(requestKind('/apps')).toBe('plain')
    expect(requestKind('/v2/apps/4f6c/deployments')).toBe('plain')
    expect(requestKind('/apps/api-default/log-drains')).toBe('plain')
  })
})
