/** Fixtures: shipped worlds loadable by name, by path, as objects, and through the control routes. */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, listFixtures, readFixture } from '../src/index.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }

describe('fixtures', () => {
  it('ships named fixtures that load into a world with their start time', async () => {
    expect(await listFixtures()).toEqual(['incident', 'minimal'])
    const sim = createSim({ world: 'incident' })
    await sim.ready
    expect(sim.clock.iso()).toBe('2026-05-12T15:30:00.000Z')
    expect(sim.akkeris.apps().map((a) => a.key)).toEqual(['checkout-prod', 'mailer-prod'])
    expect(sim.akkeris.builds('checkout-prod').map((b) => b.status)).toEqual(['succeeded', 'failed', 'failed', 'pending'])
    const payments = sim.digitalocean.app('payments')
    expect(sim.digitalocean.deployments(payments.id).map((d) => d.state.phase)).toEqual(['ACTIVE', 'ERROR', 'BUILDING'])
  })

  it('loads a fixture by path or as an object, and rejects a malformed one with a clear message', async () => {
    const fixture = await readFixture('fixtures/minimal.json')
    const sim = createSim({ world: fixture })
    await sim.ready
    expect(sim.akkeris.apps().map((a) => a.key)).toEqual(['api-qa'])
    await expect(readFixture('no-such-fixture')).rejects.toThrow(/no fixture "no-such-fixture" \(shipped: incident, minimal\)/)
    const bad = createSim({ world: { now: 'yesterday' } })
    await expect(bad.ready).rejects.toThrow('world: not a valid fixture:\n  $.now: must be an ISO date-time such as "2026-03-02T09:00:00Z", got "yesterday"')
    // a duration past what a number holds is refused too, not stored as an endless past
    const endless = createSim({ world: { akkeris: { apps: [{ name: 'api', builds: [{ ago: `${'9'.repeat(400)}d` }] }] } } })
    await expect(endless.ready).rejects.toThrow(/invalid duration: "9{400}d"/)
  })

  it('switches fixtures and resets through the control routes when they are enabled', async () => {
    const sim = createSim({ control: true })
    const post = (path: string, body: unknown) => sim.fetch(`https://api.digitalocean.com${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post('/__paasim/fixtures', { name: 'minimal' })).status).toBe(200)
    const apps = await (await sim.fetch('https://api.digitalocean.com/v2/apps', { headers: AUTH })).json()
    expect(apps.apps.map((a: { spec: { name: string } }) => a.spec.name)).toEqual(['sample-api'])
    expect((await post('/__paasim/clock', { advance: '90s' })).status).toBe(200)
    expect(sim.clock.iso()).toBe('2026-03-02T09:01:30.000Z')
    expect((await post('/__paasim/clock', { advance: 'soon' })).status).toBe(400)
    const fault = await post('/__paasim/faults', { operationId: 'apps_list', status: 503 })
    expect(fault.status).toBe(201)
    const failing = await sim.fetch('https://api.digitalocean.com/v2/apps', { headers: AUTH })
    expect(failing.status).toBe(503)
    expect((await failing.json()).id).toBe('service_unavailable')
    const journal = await (await sim.fetch('https://apps.akkeris.io/__paasim/journal?operationId=apps_list')).json()
    expect(journal.map((e: { status: number }) => e.status)).toEqual([200, 503])
    expect((await post('/__paasim/reset', {})).status).toBe(200)
    expect((await sim.fetch('https://api.digitalocean.com/v2/apps', { headers: AUTH })).status).toBe(200)

    const closed = createSim()
    expect((await closed.fetch('https://apps.akkeris.io/__paasim', {})).status).toBe(404)
  })
})
