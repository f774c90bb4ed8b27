/**
 * `paasim verify --setup-states` against a `paasim serve --control`: the server sets each
 * interaction's provider states up itself, so every interaction of both contracts runs, with no
 * --state values and no token — the check that the simulator, as served, passes its own contracts.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/cli/verify.js'
import { createSim, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await verify(argv, (l) => out.push(l), (l) => err.push(l))
  return { code, out: out.join('\n'), err: err.join('\n') }
}

// what `paasim serve --control` runs: the default world on the real clock, with the control routes
let served: { sim: Simulation; server: RunningServer }
let plain: { sim: Simulation; server: RunningServer }

beforeAll(async () => {
  const start = async (control: boolean) => {
    const sim = createSim({ clock: 'real', control })
    return { sim, server: await sim.listen({ port: 0 }) }
  }
  served = await start(true)
  plain = await start(false)
})

afterAll(async () => {
  for (const { sim, server } of [served, plain]) {
    sim.dispose()
    await server.close()
  }
})

describe('paasim verify --setup-states against paasim serve --control', () => {
  it.each([
    ['akkeris', 45],
    ['digitalocean', 45],
  ])('passes every %s interaction, writes and simulator-only states included (exit 0)', async (provider, total) => {
    const { code, out } = await run(['--provider', provider, '--base-url', served.server.url, '--setup-states'])
    expect(code, out).toBe(0)
    expect(out).toContain(`${total} passed, 0 failed, 0 skipped (${total} interactions, provider ${provider}, ${served.server.url})`)
  })

  it('reports each interaction in --json, with the values the server handed out', async () => {
    const { code, out } = await run(['--provider', 'digitalocean', '--base-url', served.server.url, '--setup-states', '--json'])
    expect(code).toBe(0)
    const report = JSON.parse(out)
    expect(report.summary).toMatchObject({ passed: 45, failed: 0, skipped: 0 })
    // the request took the app id the server's state handed out, not the contract's example
    const pact = JSON.parse(readFileSync('contracts/paasim-digitalocean-apps-api.json', 'utf8'))
    const example = pact.interactions.find((i: { description: string }) => i.description === 'a request for an app').request.path
    const replayed = report.contracts[0].interactions.find((i: { description: string }) => i.description === 'a request for an app').request.path
    expect(replayed).toMatch(/^\/v2\/apps\/[0-9a-f-]{36}$/)
    expect(replayed).not.toBe(example)
  })

  it('answers a bad setup request with 400 and the vocabulary', async () => {
    const setup = (body: unknown) => fetch(`${served.server.url}/__paasim/provider-states`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const unknown = await setup({ provider: 'akkeris', states: [{ name: 'an app {app} is on fire' }] })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).error).toMatch(/^unknown provider state "an app \{app\} is on fire"; the akkeris vocabulary is: "an app \{app\} exists"/)
    expect((await setup({ provider: 'heroku', states: [] })).status).toBe(400)
    expect((await setup({ provider: 'akkeris' })).status).toBe(400)
    const ok = await setup({ provider: 'akkeris', states: [{ name: 'an app {app} exists', params: {} }] })
    expect(await ok.json()).toEqual({ values: { app: 'api-default', appId: served.sim.akkeris.app('api-default').id } })
  })

  it('exits 2 and says what is missing against a server without control routes', async () => {
    const { code, err } = await run(['--provider', 'akkeris', '--base-url', plain.server.url, '--setup-states'])
    expect(code).toBe(2)
    expect(err).toContain('--setup-states needs a paasim serve started with --control')
  })

  it('is a usage error with --state values or --against-sim (exit 2)', async () => {
    for (const extra of [['--state', 'app=api-default'], ['--against-sim']]) {
      const { code, err } = await run(['--provider', 'akkeris', '--base-url', served.server.url, '--setup-states', ...extra])
      expect(code, extra.join(' ')).toBe(2)
      expect(err).toContain('--setup-states sets the states up on the server')
    }
  })
})
