/** Reading the world synchronously (`sim.akkeris.apps()`, `sim.digitalocean.apps()`) waits for nobody: it needs `await sim.ready`. */
import { expect, it } from 'vitest'
import { createSim } from '../src/index.js'

const NOT_READY = /the world is not ready .*await sim\.ready before reading it/

it('throws a clear error before the world is built, and reads it once sim.ready settles', async () => {
  const sim = createSim()
  expect(() => sim.akkeris.apps()).toThrow(NOT_READY)
  expect(() => sim.digitalocean.apps()).toThrow(NOT_READY)
  await sim.ready
  expect(sim.akkeris.apps().map((a) => a.key)).toContain('api-default')
  expect(sim.digitalocean.apps()).toHaveLength(4)
})

it('throws while a reset rebuilds the world, rather than answering half of it', async () => {
  const sim = createSim()
  await sim.ready
  const rebuilt = sim.reset({ world: 'minimal' })
  expect(() => sim.akkeris.apps()).toThrow(NOT_READY)
  await rebuilt
  expect(sim.akkeris.apps().map((a) => a.key)).toEqual(['api-qa'])
})

it('keeps throwing after a build that failed (sim.ready says why)', async () => {
  const sim = createSim({ world: { akkeris: { apps: [{ name: 'not valid!' }] } } })
  await expect(sim.ready).rejects.toThrow('$.akkeris.apps[0].name: must be letters and digits only')
  expect(() => sim.akkeris.apps()).toThrow(NOT_READY)
})

it('keeps the fault rules, tokens, drain senders and clock settings given before the first build', async () => {
  const sim = createSim({ clock: 'scaled', speed: 10, now: '2026-03-01T00:00:00Z', world: 'empty' })
  const rule = sim.faults.add({ operationId: 'apps_list', status: 503 })
  sim.tokens.add('early-token')
  const asked: string[] = []
  sim.drains.use((url) => {
    asked.push(url.href)
    return undefined // noted, not delivered
  })
  sim.clock.setSpeed(30)
  sim.clock.advance('1h')
  sim.clock.pause()
  const at = sim.clock.now()
  await sim.ready
  expect(sim.faults.list()).toEqual([rule])
  expect(sim.tokens.get('early-token')).toBeDefined()
  expect({ mode: sim.clock.mode, speed: sim.clock.speed, paused: sim.clock.paused, now: sim.clock.now() }).toEqual({ mode: 'scaled', speed: 30, paused: true, now: at })
  const res = await sim.fetch('https://api.digitalocean.com/v2/apps', { headers: { authorization: 'Bearer early-token' } })
  expect(res.status).toBe(503)
  // a reset is a reset: back to the seeded start with no rules; the sender factory stays (it is no world state)
  await sim.reset({ world: 'minimal' })
  expect(sim.faults.list()).toEqual([])
  expect(sim.clock.paused).toBe(false)
  await sim.akkeris.createDrain('api-qa', 'syslog+tls://logs.example.com:6514')
  expect(asked).toEqual(['syslog+tls://logs.example.com:6514'])
})

it("moves the clock to a fixture's start, keeping the time advanced before the first build", async () => {
  const sim = createSim({ world: { now: '2026-05-01T00:00:00Z' } })
  sim.clock.advance('90s')
  await sim.ready
  expect(sim.clock.iso()).toBe('2026-05-01T00:01:30.000Z')
})

it('leaves what was given before a first build that fails as it was', async () => {
  const sim = createSim({ world: 'nope' })
  sim.faults.add({ operationId: 'apps_list', status: 503 })
  sim.clock.advance('1m')
  await expect(sim.ready).rejects.toThrow(/no fixture "nope"/)
  expect(sim.faults.list()).toHaveLength(1)
  expect(sim.clock.iso()).toBe('2026-01-01T00:01:00.000Z')
})
