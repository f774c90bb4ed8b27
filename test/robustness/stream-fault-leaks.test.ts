/**
 * Clients that leave streams held by stream faults (a stall waiting for them, a drop or stall due in
 * an hour, a throttle waiting for the next second): afterwards the clock has no waits left and the
 * process no more sockets or timers than before.
 */
import { request } from 'node:http'
import { describe, it } from 'vitest'
import WebSocket from 'ws'
import { createSim, DEFAULT_TOKEN, type FaultRuleInput, type Simulation } from '../../src/index.js'
import { baseline, expectBackTo } from '../support/leaks.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const CYCLES = 40

/** One rule per cycle, in turn: each holds the stream in a different wait. */
const RULES: Array<Omit<FaultRuleInput, 'operationId'>> = [
  { kind: 'stall', lines: 2 },
  { kind: 'drop', afterTime: '1h' },
  { kind: 'throttle', linesPerSecond: 1 },
  { kind: 'stall', afterTime: '1h', duration: '2h' },
]

/** An Akkeris tailing session's URL, a following live URL and an archive URL on `origin`. */
async function streamUrls(sim: Simulation, origin: string) {
  const app = sim.akkeris.apps()[0].key
  const session = async () => {
    const res = await sim.fetch(`https://apps.akkeris.io/apps/${app}/log-sessions`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"lines":5,"tail":true}' })
    return ((await res.json()).logplex_url as string).replace('https://apps.akkeris.io', origin)
  }
  const doApp = sim.digitalocean.apps()[0].id
  const logs = await (await sim.fetch(`https://api.digitalocean.com/v2/apps/${doApp}/logs?type=RUN&follow=true`, { headers: AUTH })).json()
  const swap = (url: string) => url.replace('https://api.digitalocean.com', origin)
  return { session, live: swap(logs.live_url), archive: swap(logs.historic_urls[0]) }
}

describe('stream faults: clients that leave', () => {
  it('in-process: no clock waits or timers are left behind', async () => {
    const sim = createSim({ seed: 4 })
    await sim.ready
    const urls = await streamUrls(sim, 'https://apps.akkeris.io')
    const live = urls.live.replace('https://apps.akkeris.io', 'https://api.digitalocean.com')
    const archive = urls.archive.replace('https://apps.akkeris.io', 'https://api.digitalocean.com')
    const before = baseline(sim)
    for (let i = 0; i < CYCLES; i++) {
      sim.faults.clear()
      sim.faults.add({ operationId: '*', ...RULES[i % RULES.length] })
      for (const url of [await urls.session(), live, archive]) {
        const controller = new AbortController()
        const res = await sim.fetch(url, { signal: controller.signal })
        const reader = res.body!.getReader()
        await reader.read() // the head
        await reader.read() // a first line
        controller.abort()
        await reader.cancel().catch(() => {})
      }
    }
    await expectBackTo(sim, before)
    sim.dispose()
  }, 60_000)

  it('standalone: HTTP streams and WebSockets hung up under each fault leave no sockets, timers or clock waits', async () => {
    const sim = createSim({ seed: 4 })
    const server = await sim.listen({ port: 0 })
    const urls = await streamUrls(sim, server.url)
    const live = urls.live.replace('https://api.digitalocean.com', server.url)
    const before = baseline(sim)
    /** Opens `url` without keep-alive, reads its head and first chunk, and hangs up. */
    const hangUp = (url: string) =>
      new Promise<void>((resolve) => {
        const req = request(url, { agent: false }, (res) => {
          res.on('error', () => {})
          res.once('data', () => (req.destroy(), resolve()))
          res.once('end', () => resolve())
        })
        req.on('error', () => resolve())
        req.on('close', () => resolve())
        req.end()
      })
    for (let i = 0; i < CYCLES; i++) {
      sim.faults.clear()
      sim.faults.add({ operationId: '*', ...RULES[i % RULES.length] })
      await hangUp(await urls.session())
      await hangUp(live)
      await hangUp(urls.archive)
      const ws = new WebSocket(live.replace(/^http/, 'ws'))
      await new Promise<void>((resolve) => {
        ws.once('message', () => (ws.terminate(), resolve()))
        ws.on('close', () => resolve())
        ws.on('error', () => resolve())
      })
    }
    await expectBackTo(sim, before)
    sim.dispose()
    await server.close()
  }, 90_000)
})
