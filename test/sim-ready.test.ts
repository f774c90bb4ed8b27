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
