/** A world change that fails (unknown fixture, invalid fixture) leaves the world as it was, and everything keeps answering. */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const DO = 'https://api.digitalocean.com'

describe('a failed world change', () => {
  it('rejects in-process and keeps the previous world, clock and faults', async () => {
    const sim = createSim({ world: 'minimal' })
    await sim.ready
    sim.clock.advance('5m')
    sim.faults.add({ operationId: 'apps_get', status: 503 })
    const before = { now: sim.clock.iso(), apps: sim.akkeris.apps().map((a) => a.key), faults: sim.faults.list(), seed: sim.seed }
    // an unknown name, a malformed object, and one whose content fails while loading
    await expect(sim.reset({ world: 'nope' })).rejects.toThrow(/no fixture "nope"/)
    await expect(sim.reset({ seed: 9, world: { now: 'yesterday' } })).rejects.toThrow(/\$\.now/)
    await expect(sim.reset({ world: { akkeris: { apps: [{ name: 'not a name!' }] } } as never })).rejects.toThrow(/name/)
    expect({ now: sim.clock.iso(), apps: sim.akkeris.apps().map((a) => a.key), faults: sim.faults.list(), seed: sim.seed }).toEqual(before)
    expect(sim.isReady).toBe(true)
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: AUTH })).status).toBe(200)
    // a plain reset goes back to the last world that loaded, not to the failed one
    await sim.reset()
    expect(sim.akkeris.apps().map((a) => a.key)).toEqual(before.apps)
  })

  it('answers a clear 400 over the control routes, and the server keeps answering', async () => {
    const sim = createSim({ control: true })
    const post = (path: string, body: unknown) => sim.fetch(`${DO}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const typo = await post('/__paasim/fixtures', { name: 'typo' })
    expect(typo.status).toBe(400)
    expect((await typo.json()).error).toMatch(/no fixture "typo" \(shipped: incident, minimal\)/)
    expect((await post('/__paasim/reset', { fixture: 'nope' })).status).toBe(400)
    expect((await post('/__paasim/fixtures', { now: 12 })).status).toBe(400)
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: AUTH })).status).toBe(200)
    expect((await sim.fetch(`${DO}/__paasim`)).status).toBe(200)
    expect((await post('/__paasim/reset', {})).status).toBe(200)
  })

  it('answers in the API format when the world given at creation fails, and a reset repairs it', async () => {
    const sim = createSim({ world: 'nope', control: true })
    await expect(sim.ready).rejects.toThrow(/no fixture "nope"/)
    const failed = await sim.fetch(`${DO}/v2/apps`, { headers: AUTH })
    expect(failed.status).toBe(503)
    expect(await failed.json()).toMatchObject({ id: 'service_unavailable', request_id: expect.any(String) })
    const repaired = await sim.fetch(`${DO}/__paasim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fixture":"minimal"}' })
    expect(repaired.status).toBe(200)
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: AUTH })).status).toBe(200)
  })
})
