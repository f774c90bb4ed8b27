/** `paasim serve --rate-limit`: DigitalOcean limits of one's own, or none at all for load tests. */
import { describe, expect, it } from 'vitest'
import { parseServeArgs } from '../src/cli/serve.js'
import { createSim, DEFAULT_TOKEN } from '../src/index.js'

const apps = (sim: ReturnType<typeof createSim>) => sim.fetch('https://api.digitalocean.com/v2/apps', { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })

describe('paasim serve --rate-limit', () => {
  it('takes HOURLY[,BURST] (BURST a twentieth of HOURLY when left out) or off, and refuses anything else', () => {
    expect(parseServeArgs(['--rate-limit', '100000,2000']).rateLimit).toEqual({ hourly: 100_000, burst: 2000 })
    expect(parseServeArgs(['--rate-limit', '100000']).rateLimit).toEqual({ hourly: 100_000, burst: 5000 })
    expect(parseServeArgs(['--rate-limit', '10']).rateLimit).toEqual({ hourly: 10, burst: 1 })
    expect(parseServeArgs(['--rate-limit', 'off']).rateLimit).toEqual({ off: true })
    expect(parseServeArgs([]).rateLimit).toBeUndefined()
    for (const bad of ['0', '100,0', '-5', '1e6', 'none', '5000,', ',250']) expect(() => parseServeArgs([`--rate-limit=${bad}`]), bad).toThrow(/--rate-limit takes HOURLY\[,BURST\]/)
  })

  it('serves the limits given: the third request in a minute is refused with a burst of two', async () => {
    const sim = createSim({ rateLimit: parseServeArgs(['--rate-limit', '3,2']).rateLimit })
    await sim.ready
    const statuses = [(await apps(sim)).status, (await apps(sim)).status]
    const third = await apps(sim)
    expect([...statuses, third.status, third.headers.get('ratelimit-limit')]).toEqual([200, 200, 429, '3'])
  })

  it('refuses nothing with off, and reports the hourly limit unused', async () => {
    const sim = createSim({ rateLimit: parseServeArgs(['--rate-limit', 'off']).rateLimit })
    await sim.ready
    for (let i = 0; i < 300; i++) await (await apps(sim)).arrayBuffer()
    const last = await apps(sim)
    expect([last.status, last.headers.get('ratelimit-limit'), last.headers.get('ratelimit-remaining')]).toEqual([200, '5000', '5000'])
  })
})
