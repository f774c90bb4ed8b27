/**
 * Log URLs and session ids: reproducible with a seed (in-process by default), unguessable with
 * `secrets: 'random'` (`paasim serve` without `--seed`); a forged ticket is refused, never run.
 */
import { describe, expect, it } from 'vitest'
import { parseServeArgs } from '../../src/cli/serve.js'
import { createSim, DEFAULT_TOKEN, type SimOptions } from '../../src/index.js'
import { signTicket, type LogTicket } from '../../src/providers/digitalocean/log-urls.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }

async function urls(options: SimOptions) {
  const sim = createSim(options)
  await sim.ready
  const app = sim.digitalocean.apps()[0].id
  const logs = await (await sim.fetch(`https://api.digitalocean.com/v2/apps/${app}/logs?type=RUN`, { headers: AUTH })).json()
  const akkerisApp = sim.akkeris.apps()[0].key
  const session = await (await sim.fetch(`https://apps.akkeris.io/apps/${akkerisApp}/log-sessions`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"lines":5}' })).json()
  return { sim, archive: logs.historic_urls[0] as string, session: session.logplex_url as string }
}

describe('log URLs and session ids', () => {
  it('are byte-identical for the same seed by default', async () => {
    const [a, b] = [await urls({ seed: 5 }), await urls({ seed: 5 })]
    expect(a.archive).toBe(b.archive)
    expect(a.session).toBe(b.session)
    expect((await b.sim.fetch(a.archive)).status).toBe(200)
  })

  it('are unguessable with random secrets: another simulation of the same seed refuses them', async () => {
    const [a, b] = [await urls({ seed: 5, secrets: 'random' }), await urls({ seed: 5, secrets: 'random' })]
    expect(a.archive).not.toBe(b.archive)
    expect(a.session).not.toBe(b.session)
    expect((await a.sim.fetch(a.archive)).status).toBe(200)
    const refused = await b.sim.fetch(a.archive)
    expect(refused.status).toBe(403)
    expect((await refused.json()).id).toBe('forbidden')
    // paasim serve picks random secrets unless a seed is given
    expect(parseServeArgs([]).secrets).toBe('random')
    expect(parseServeArgs(['--seed', '1']).secrets).toBe('seeded')
  })

  it('refuses a correctly signed ticket whose fields paasim never writes (403 at once, no spin)', async () => {
    const { sim, archive } = await urls({ seed: 5 })
    const token = new URL(archive).searchParams.get('token')!
    const good = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as LogTicket
    const forgeries: unknown[] = [
      { ...good, upto: 'x' },
      { ...good, tail: 1e300 },
      { ...good, tail: -5 },
      { ...good, type: 'EVERYTHING' },
      { ...good, expires: 'never' },
      { ...good, podWait: -1 },
      { ...good, app: { $ne: null } },
      [good],
    ]
    for (const forged of forgeries) {
      const started = performance.now()
      const res = await sim.fetch(`https://api.digitalocean.com/v2/log-archive?token=${signTicket(sim.logUrlKey, forged as LogTicket)}`)
      expect(res.status, JSON.stringify(forged).slice(0, 80)).toBe(403)
      expect(performance.now() - started).toBeLessThan(500)
    }
  })
})
