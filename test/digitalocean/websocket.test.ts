/**
 * Live logs over WebSocket on the standalone server, opened the way doctl does: the live_url's
 * `http` scheme mapped to `ws`, no Authorization header, JSON `{data}` frames, close code 1000.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { settle } from '../support/streams.js'

const DO_LINE = /^[a-z][a-z0-9-]* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*\n$/

describe('DigitalOcean live logs over WebSocket', () => {
  let sim: Simulation
  let server: RunningServer
  beforeEach(async () => {
    sim = createSim({ seed: 5 })
    server = await sim.listen({ port: 0 })
  })
  afterEach(async () => {
    sim.dispose()
    await server.close()
  })

  const liveUrl = async (query: string, app = 'shop-frontend') => {
    const id = sim.digitalocean.app(app).id
    const res = await fetch(`${server.url}/v2/apps/${id}/logs?${query}`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
    const { live_url } = await res.json()
    return (live_url as string).replace(/^http/, 'ws')
  }

  /** Opens a socket and collects frames until it closes. */
  const open = (url: string) => {
    const ws = new WebSocket(url)
    const frames: string[] = []
    const closed = new Promise<{ code: number }>((resolve, reject) => {
      ws.on('message', (data) => frames.push(String(data)))
      ws.on('close', (code) => resolve({ code }))
      ws.on('error', reject)
    })
    return { ws, frames, closed }
  }

  it('sends the current lines as {"data": "...\\n"} frames and closes with 1000 when follow=false', async () => {
    const { frames, closed } = open(await liveUrl('type=RUN&tail_lines=25'))
    expect((await closed).code).toBe(1000)
    expect(frames).toHaveLength(25)
    for (const frame of frames) {
      const parsed = JSON.parse(frame)
      expect(Object.keys(parsed)).toEqual(['data'])
      expect(parsed.data).toMatch(DO_LINE)
    }
  })

  it('stays open with follow=true, sends lines as the clock advances, and stops when the client closes', async () => {
    const { ws, frames, closed } = open(await liveUrl('type=RUN&follow=true&tail_lines=1&component_name=web'))
    await new Promise((r) => ws.once('open', r))
    await settle(50)
    expect(frames).toHaveLength(1)
    sim.clock.advance('1m')
    await settle(100)
    expect(frames.length).toBeGreaterThan(5)
    for (const f of frames) expect(JSON.parse(f).data).toMatch(/^web /)
    expect(sim.clock.pending).toBe(1)
    ws.close(1000)
    expect((await closed).code).toBe(1000)
    await settle(50)
    expect(sim.clock.pending).toBe(0)
  })

  it('ends a followed BUILD stream with 1000 when the build finishes', async () => {
    const orders = sim.digitalocean.app('orders-api')
    const building = sim.digitalocean.deployments(orders.id).at(-1)!
    const res = await fetch(`${server.url}/v2/apps/${orders.id}/deployments/${building.record.id}/logs?type=BUILD&follow=true`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
    const { frames, closed } = open((await res.json()).live_url.replace(/^http/, 'ws'))
    await settle(50)
    sim.clock.advance('15m')
    expect((await closed).code).toBe(1000)
    expect(frames.map((f) => JSON.parse(f).data).join('')).toMatch(/build complete|build failed/)
  })

  it("answers doctl's `apps logs` sequence: app, godo's logs query, then the live socket or the first historic URL", async () => {
    const auth = { headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, accept: 'application/json' } }
    const id = sim.digitalocean.app('shop-frontend').id
    const { app } = await (await fetch(`${server.url}/v2/apps/${id}`, auth)).json()
    const logs = (type: string) => fetch(`${server.url}/v2/apps/${id}/deployments/${app.active_deployment.id}/logs?type=${type}&follow=false&tail_lines=-1&component_name=web`, auth).then((r) => r.json())
    const run = await logs('RUN')
    // doctl: token read from the URL and set back as the only auth, scheme http → ws
    const url = new URL(run.live_url)
    const token = url.searchParams.get('token')!
    url.protocol = 'ws:'
    url.search = `?token=${encodeURIComponent(token)}`
    const { frames, closed } = open(url.toString())
    expect((await closed).code).toBe(1000)
    expect(frames.length).toBeGreaterThan(0)
    for (const f of frames) expect(f).toMatch(/^\{"data":"web \S+Z .*\\n"\}$/)
    const build = await logs('BUILD') // finished: doctl reads historic_urls[0] without auth
    expect(build.live_url).toBe('')
    const text = await (await fetch(build.historic_urls[0])).text()
    expect(text.endsWith('\n') && text.split('\n').slice(0, -1).every((l) => DO_LINE.test(l + '\n') && l.startsWith('web '))).toBe(true)
  })

  it('refuses an expired or forged token before the upgrade', async () => {
    const url = await liveUrl('type=RUN')
    sim.clock.advance('16m')
    const statuses = await Promise.all(
      [url, url.replace('token=', 'token=x')].map(
        (u) =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(u)
            ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!))
            ws.on('error', () => {})
          }),
      ),
    )
    expect(statuses).toEqual([403, 403])
  })
})
