/**
 * paasim/vitest: `test` gives each test a ready simulation whose handlers sit in front of the
 * file's msw server (unhandled requests are errors), and tears both down afterwards.
 */
import { vi } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../src/index.js'
import { createPaasimTest, describe, expect, test } from '../src/vitest.js'

const auth = { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } }
const listApps = async () => ((await (await fetch('https://api.digitalocean.com/v2/apps', auth)).json()) as { apps: Array<{ id: string; spec: { name: string } }> }).apps

describe('paasim/vitest test', () => {
  test('serves the default world to plain fetch', async ({ sim }) => {
    expect((await listApps()).map((a) => a.id)).toEqual(sim.digitalocean.apps().map((a) => a.id))
  })

  test('gives each test its own world', async ({ sim }) => {
    await sim.digitalocean.createApp({ name: 'only-in-this-test' })
    expect((await listApps()).map((a) => a.spec.name)).toContain('only-in-this-test')
  })

  test('...so the app created by the previous test is gone', async () => {
    expect((await listApps()).map((a) => a.spec.name)).not.toContain('only-in-this-test')
  })

  test('treats a request no handler answers as an error', async ({ server }) => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(fetch('https://unsimulated.example.com/')).rejects.toThrow()
    expect(printed).toHaveBeenCalled()
    printed.mockRestore()
    expect(server.listHandlers().length).toBeGreaterThan(0)
  })
})

/** One simulation for the file, reset before each test: for files with many tests. */
const fileTest = createPaasimTest({ reuse: 'file', seed: 7, world: 'minimal', clock: 'manual' })

describe('createPaasimTest({ reuse: "file" })', () => {
  const seen: unknown[] = []

  fileTest('keeps one simulation for the file', async ({ sim }) => {
    seen.push(sim)
    await sim.digitalocean.createApp({ name: 'scratch' })
    sim.clock.advance('1h')
  })

  fileTest('and resets it to its seeded start before each test', async ({ sim }) => {
    seen.push(sim)
    expect(seen[0]).toBe(seen[1])
    expect(sim.digitalocean.apps().map((a) => a.name)).not.toContain('scratch')
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-03-02T09:00:00.000Z') // the fixture's `now`
  })
})

describe('many simulations in one process', () => {
  test('50 created, served and disposed print no MaxListenersExceeded warning', async ({ server }) => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    try {
      for (let i = 0; i < 50; i++) {
        const sim = createSim({ seed: i })
        await sim.ready
        server.use(...sim.handlers)
        expect((await listApps()).length).toBeGreaterThan(0)
        server.resetHandlers()
        sim.dispose()
      }
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings).toEqual([])
  })
})
