/** Every count a client controls is capped: one request cannot make paasim build an unbounded answer. */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }

describe('caps', () => {
  it('serves tail_lines beyond 1000 as 1000 lines, like -1', async () => {
    const sim = createSim({ seed: 1 })
    await sim.ready
    sim.clock.advance('6h')
    const app = sim.digitalocean.apps()[0].id
    const archive = async (tail: string) => {
      const logs = await (await sim.fetch(`https://api.digitalocean.com/v2/apps/${app}/logs?type=RUN&tail_lines=${tail}`, { headers: AUTH })).json()
      return (await (await sim.fetch(logs.historic_urls[0])).text()).split('\n').filter(Boolean)
    }
    const huge = await archive('999999999999')
    expect(huge.length).toBe(1000)
    expect(huge).toEqual(await archive('1000'))
    expect((await archive('-1')).length).toBe(1000)
    expect((await archive('5')).length).toBe(5)
  })
})
