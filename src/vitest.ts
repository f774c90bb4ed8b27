/**
 * `paasim/vitest`: a vitest `test` whose tests each get a simulated world served through msw, with
 * unhandled requests as errors, torn down after the test.
 *
 * ```ts
 * import { test } from 'paasim/vitest'
 * test('lists apps', async ({ sim }) => {
 *   const res = await fetch('https://api.digitalocean.com/v2/apps', { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
 * })
 * ```
 */
import { setupServer } from 'msw/node'
import { test as base } from 'vitest'
import { createSim, type SimOptions, type Simulation } from './sim.js'

/** The msw server of a test file. */
export type MswServer = ReturnType<typeof setupServer>

/** Options of {@link createPaasimTest}: the simulation's, plus how simulations are reused. */
export interface PaasimTestOptions extends Omit<SimOptions, 'control'> {
  /**
   * `'test'` (default): a new simulation for every test. `'file'`: one simulation per test file,
   * reset to its seeded start before every test (cheaper when a file has many tests).
   */
  reuse?: 'test' | 'file'
}

/** What a paasim test receives. */
export interface PaasimFixtures {
  /** The test's simulated world, ready, its handlers in front of {@link server}. */
  sim: Simulation
  /** The file's msw server (listening; unhandled requests are errors). Add your own handlers with `server.use()`. */
  server: MswServer
}

/**
 * msw 2 names the unhandled-request option `onUnhandledRequest`, msw 3 `onUnhandledFrame`; each
 * ignores the other's key, so both are passed.
 */
const STRICT = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const

/**
 * The file's msw server, shared by every paasim `test` of the file (msw patches the globals once
 * per process, so two listening servers would fight), closed after the last one lets go.
 */
let fileServer: { server: MswServer; users: number } | undefined

/**
 * A vitest `test` with the {@link PaasimFixtures} `sim` and `server`, configured by `options`.
 * Call it at the top level of a test file (vitest sets file-scoped fixtures up there).
 */
export function createPaasimTest(options: PaasimTestOptions = {}) {
  const { reuse = 'test', ...simOptions } = options
  let shared: Simulation | undefined
  return base.extend<PaasimFixtures>({
    server: [
      // eslint-disable-next-line no-empty-pattern
      async ({}, use) => {
        if (!fileServer) {
          fileServer = { server: setupServer(), users: 0 }
          fileServer.server.listen(STRICT)
        }
        const held = fileServer
        held.users++
        try {
          await use(held.server)
        } finally {
          shared?.dispose()
          shared = undefined
          if (--held.users === 0) {
            held.server.close()
            if (fileServer === held) fileServer = undefined
          }
        }
      },
      { scope: 'file' },
    ],
    sim: [
      async ({ server }, use) => {
        let sim: Simulation
        if (reuse === 'file') {
          sim = shared ??= createSim(simOptions)
          await sim.reset()
        } else {
          sim = createSim(simOptions)
          await sim.ready
        }
        server.use(...sim.handlers)
        try {
          await use(sim)
        } finally {
          server.resetHandlers()
          if (reuse !== 'file') sim.dispose()
        }
      },
      // every test gets its world, even one that never names `sim`
      { auto: true },
    ],
  })
}

/** A vitest `test` with a fresh default simulation (seed 1, manual clock, the default token) per test. */
export const test = createPaasimTest()

export { expect, describe } from 'vitest'
