/**
 * No request holds the event loop for long: a 1,000-line DigitalOcean archive (and a live stream's
 * backlog) is generated in windows of a few hundred lines with turns of the event loop between
 * them, and streamed out in chunks of at most 256 lines. Counted in turns and lines, not timed.
 */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const DO = 'https://api.digitalocean.com'

/** Counts turns of the event loop (a setImmediate that re-arms itself) until stopped. */
function countTurns(): { stop(): number } {
  let turns = 0
  let running = true
  const spin = () => {
    if (!running) return
    turns++
    setImmediate(spin)
  }
  setImmediate(spin)
  return {
    stop() {
      running = false
      return turns
    },
  }
}

/** Reads a body chunk by chunk: the lines in each chunk. */
async function chunks(res: Response): Promise<number[]> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const sizes: number[] = []
  for (;;) {
    const next = await reader.read()
    if (next.done) return sizes
    const text = decoder.decode(next.value)
    if (text) sizes.push(text.split('\n').length - 1)
  }
}

describe('the event loop while a large log body is made', () => {
  it('turns between the windows of a 1,000-line archive, and the archive comes in chunks of at most 256 lines', async () => {
    const sim = createSim({ seed: 1 })
    await sim.ready
    sim.clock.advance('6h')
    // billing-worker: a busy service and a quiet crash-looping worker in one aggregate archive
    const app = sim.digitalocean.apps().find((a) => a.name === 'billing-worker')!
    const logs = await (await sim.fetch(`${DO}/v2/apps/${app.id}/logs?type=RUN&tail_lines=-1`, { headers: AUTH })).json()
    const turns = countTurns()
    const res = await sim.fetch(logs.historic_urls[0])
    const sizes = await chunks(res)
    const turned = turns.stop()
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(256)
    // one synchronous call would let the loop turn about once; windows of ~256 lines let it turn between each
    expect(turned).toBeGreaterThanOrEqual(4)
  })

  it('gives the same bytes as the archive made in one piece would, for every tail size', async () => {
    const sim = createSim({ seed: 1 })
    await sim.ready
    sim.clock.advance('6h')
    const app = sim.digitalocean.apps().find((a) => a.name === 'billing-worker')!
    const archive = async (tail: number) => {
      const logs = await (await sim.fetch(`${DO}/v2/apps/${app.id}/logs?type=RUN&tail_lines=${tail}`, { headers: AUTH })).json()
      return (await sim.fetch(logs.historic_urls[0])).text()
    }
    const all = (await archive(1000)).split('\n').slice(0, -1)
    // a shorter tail is the end of a longer one: windows join up exactly
    for (const tail of [1, 99, 257, 999]) expect((await archive(tail)).split('\n').slice(0, -1)).toEqual(all.slice(-tail))
  })
})
