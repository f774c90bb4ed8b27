/**
 * Clients that open a stream and leave at once, hundreds of times: afterwards the clock has no
 * waits left and the process no more sockets or timers than before.
 */
import { request } from 'node:http'
import { describe, it } from 'vitest'
import WebSocket from 'ws'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../../src/index.js'
import { baseline, expectBackTo } from '../support/leaks.js'

const AUTH = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const CYCLES = 150
/** Fewer on the server: each cycle there opens four connections. */
const SERVER_CYCLES = 60


/** Stream URLs that stay open: an Akkeris tailing session, a DigitalOcean live follow, a request held by a fault delay. */
async function streamUrls(sim: Simulation, origin: { akkeris: string; digitalocean: string }) {
  const app = sim.akkeris.apps()[0].key
  const session = async () => {
    const res = await sim.fetch(`https://apps.akkeris.io/apps/${app}/log-sessions`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"lines":5,"tail":true}' })
    return (await res.json()).logplex_url.replace('https://apps.akkeris.io', origin.akkeris) as string
  }
  const doApp = sim.digitalocean.apps()[0].id
  const logs = await (await sim.fetch(`https://api.digitalocean.com/v2/apps/${doApp}/logs?type=RUN&follow=true`, { headers: AUTH })).json()
  const live = (logs.live_url as string).replace('https://api.digitalocean.com', origin.digitalocean)
  return { session, live, delayed: `${origin.akkeris}/apps/${app}` }
}

describe('open/abort cycles', () => {
  it('in-process: aborted streams and delayed requests leave no clock waits and no timers', async () => {
    const sim = createSim({ seed: 4 })
    await sim.ready
    sim.faults.add({ operationId: 'apps.get', delay: '1h' })
    const urls = await streamUrls(sim, { akkeris: 'https://apps.akkeris.io', digitalocean: 'https://api.digitalocean.com' })
    const before = baseline(sim)
    for (let i = 0; i < CYCLES; i++) {
      for (const url of [await urls.session(), urls.live]) {
        const controller = new AbortController()
        const res = await sim.fetch(url, { signal: controller.signal, headers: AUTH })
        controller.abort()
        await res.body?.cancel().catch(() => {})
      }
      const controller = new AbortController()
      const delayed = sim.fetch(urls.delayed, { signal: controller.signal, headers: AUTH }).catch(() => undefined)
      await new Promise((resolve) => setImmediate(resolve))
      controller.abort()
      await delayed
    }
    await expectBackTo(sim, before)
    sim.dispose()
  }, 60_000)

  it('standalone: clients that hang up (HTTP streams, delayed requests, WebSockets) leave no sockets, timers or clock waits', async () => {
    const sim = createSim({ seed: 4 })
    const server = await sim.listen({ port: 0 })
    sim.faults.add({ operationId: 'apps.get', delay: '1h' })
    const urls = await streamUrls(sim, { akkeris: server.url, digitalocean: server.url })
    const before = baseline(sim)
    /** Opens `url` without keep-alive and hangs up after the head (odd cycles) or before it (even ones). */
    const hangUp = (url: string, early: boolean) =>
      new Promise<void>((resolve) => {
        const req = request(url, { agent: false, headers: AUTH }, (res) => {
          res.on('error', () => {})
          req.destroy()
          resolve()
        })
        req.on('error', () => resolve())
        req.on('close', () => resolve())
        req.end()
        if (early) setTimeout(() => req.destroy(), 5)
      })
    for (let i = 0; i < SERVER_CYCLES; i++) {
      await hangUp(await urls.session(), i % 2 === 0)
      await hangUp(urls.live, i % 2 === 0)
      await hangUp(urls.delayed, true)
      const ws = new WebSocket(urls.live.replace(/^http/, 'ws'))
      await new Promise<void>((resolve) => {
        ws.on('open', () => (ws.terminate(), resolve()))
        ws.on('error', () => resolve())
      })
    }
    await expectBackTo(sim, before)
    sim.dispose()
    await server.close()
  }, 90_000)
})
