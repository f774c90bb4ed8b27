/** Dynos and restarts: what `aka ps` and `aka ps:restart` read and do, on every transport. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'
import { lineReader } from '../support/streams.js'

type Dyno = { type: string; name: string; state: string; id: string; created_at: string; updated_at: string; release: { id: string | null; version: number | null } }

describeTransports('Akkeris dynos', (h) => {
  const dynos = async (app = 'api-default'): Promise<Dyno[]> => (await h.api(`/apps/${app}/dynos`)).json()
  const settled = async () => h.sim.clock.advance('5m') // the running build of api-default releases

  it('lists one dyno per formation instance, in the controller key order, with the newest release', async () => {
    await settled()
    const list = await dynos()
    expect(list.map((d) => d.type)).toEqual(['web', 'web', 'worker'])
    expect(Object.keys(list[0])).toEqual(['attach_url', 'command', 'created_at', 'id', 'name', 'release', 'app', 'size', 'state', 'ready', 'restarts', 'type', 'updated_at', 'additional_info'])
    const releases = await (await h.api('/apps/api-default/releases')).json()
    for (const d of list) {
      expect(d).toMatchObject({ attach_url: '', state: 'running', ready: true, restarts: 0, size: 'gp2', additional_info: '', app: { name: 'api-default' } })
      expect(d.name).toMatch(/^[0-9a-z]+-[0-9a-z]{5}$/)
      expect(d.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(d.release).toEqual({ id: releases.at(-1).id, version: releases.at(-1).version })
    }
    expect((await h.api('/apps/ghost-default/dynos')).status).toBe(404)
  })

  it('gets a dyno by <type>.<name>, by <name> or by id; an unknown one is the Akkeris 404 text', async () => {
    await settled()
    const [web] = await dynos()
    for (const ref of [`web.${web.name}`, web.name, web.id]) expect(await (await h.api(`/apps/api-default/dynos/${ref}`)).json()).toEqual(web)
    const missing = await h.api('/apps/api-default/dynos/web.nope-nope1')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('The specified dyno was not found.')
  })

  it('restarts every type: 202 pending, old pods stopping beside new pending ones, running a few seconds later', async () => {
    await settled()
    const before = await dynos()
    const res = await h.api('/apps/api-default/dynos', { method: 'DELETE' })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'pending' })
    const during = await dynos()
    expect(during.filter((d) => d.state === 'stopping').map((d) => d.name).sort()).toEqual(before.map((d) => d.name).sort())
    expect(during.filter((d) => d.state === 'pending')).toHaveLength(3)
    await h.sim.clock.advance('15s')
    const after = await dynos()
    expect(after.map((d) => d.state)).toEqual(['running', 'running', 'running'])
    for (const d of after) expect(before.map((b) => b.name)).not.toContain(d.name)
  })

  it('restarts one type, or one dyno (same replica hash, new suffix); an unknown type is 404', async () => {
    await settled()
    const before = await dynos()
    expect(await (await h.api('/apps/api-default/dynos/worker', { method: 'DELETE' })).json()).toEqual({ status: 'pending', type: 'worker' })
    await h.sim.clock.advance('15s')
    const afterType = await dynos()
    expect(afterType.filter((d) => d.type === 'web').map((d) => d.name)).toEqual(before.filter((d) => d.type === 'web').map((d) => d.name))
    expect(afterType.find((d) => d.type === 'worker')!.name).not.toBe(before.find((d) => d.type === 'worker')!.name)

    const [web0, web1] = afterType
    const one = await h.api(`/apps/api-default/dynos/web.${web0.name}`, { method: 'DELETE' })
    expect([one.status, await one.json()]).toEqual([202, { status: 'pending', type: 'web', dyno: web0.name }])
    await h.sim.clock.advance('15s')
    const [a, b] = await dynos()
    expect(a.name.split('-')[0]).toBe(web0.name.split('-')[0])
    expect(a.name).not.toBe(web0.name)
    expect(b.name).toBe(web1.name)

    const ghost = await h.api('/apps/api-default/dynos/web.nothere-xxxxx', { method: 'DELETE' })
    expect([ghost.status, await ghost.json()]).toEqual([202, { status: 'pending', type: 'web', dyno: 'nothere-xxxxx' }])
    const unknown = await h.api('/apps/api-default/dynos/cron', { method: 'DELETE' })
    expect([unknown.status, await unknown.text()]).toEqual([404, 'The dyno type cron was not found.'])
    expect(await (await h.api('/apps/api-default/dynos', { method: 'DELETE' })).json()).toEqual({ status: 'pending' })
  })

  it('writes akkeris/event lines for restarts, and the new dynos serve the traffic that follows', async () => {
    await settled()
    await h.api('/apps/api-default/dynos', { method: 'DELETE' })
    const tail = async () => lineReader(await h.fetch((await (await h.api('/apps/api-default/log-sessions', { body: { lines: 250, tail: false } })).json()).logplex_url)).rest()
    const now = await tail()
    expect(now.filter((l) => l.includes(' akkeris/event: ')).map((l) => l.split(': ').slice(1).join(': '))).toEqual(
      expect.arrayContaining(['Restarting web (User Requested)', 'Restarting worker (User Requested)']),
    )
    await h.sim.clock.advance('2m')
    const webNames = (await dynos()).filter((d) => d.type === 'web').map((d) => `web.${d.name}`)
    const served = (await tail()).filter((l) => l.includes(' akkeris/router: ')).map((l) => / dyno=(\S+) /.exec(l)![1])
    expect(served.length).toBeGreaterThan(0)
    for (const dyno of served) expect(webNames).toContain(dyno)
  })

  it('answers [] for an app without formations and 404 for a dyno before the first release', async () => {
    const app = await h.sim.akkeris.createApp({ name: 'idle', formation: {} })
    expect(await dynos(app.key)).toEqual([])
    const fresh = await h.sim.akkeris.createApp({ name: 'fresh', formation: { web: 1 } })
    const [unreleased] = await dynos(fresh.key)
    expect(unreleased.release).toEqual({ id: null, version: null })
    expect((await h.api(`/apps/${fresh.key}/dynos/${unreleased.name}`)).status).toBe(404)
  })
})

describeTransports('Akkeris dyno restarts in the metrics', (h) => {
  it('drops memory back when the dynos restart', async () => {
    await h.sim.clock.advance('6h') // a long uptime: memory has grown since the last release
    const window = async () => {
      const to = new Date(h.sim.clock.now()).toISOString()
      const from = new Date(h.sim.clock.now() - 3600_000).toISOString()
      const metrics = await (await h.api(`/apps/api-default/metrics?resolution=1m&from=${from}&to=${to}`)).json()
      const samples = Object.values(metrics.web.memory_usage_bytes as Record<string, string>).map(Number)
      return samples.at(-1)!
    }
    const before = await window()
    await h.api('/apps/api-default/dynos/web', { method: 'DELETE' })
    await h.sim.clock.advance('2m')
    expect(await window()).toBeLessThan(before * 0.8)
  })
})

describeTransports('Akkeris dynos in-process', (h) => {
  it('restarts and lists dynos with sim.akkeris, as the routes do', async () => {
    await h.sim.clock.advance('5m')
    const before = h.sim.akkeris.dynos('api-default')
    expect(await h.sim.akkeris.restartDynos('api-default', 'web')).toEqual({ status: 'pending', type: 'web' })
    const during = h.sim.akkeris.dynos('api-default')
    expect(during.filter((d) => d.state === 'stopping').map((d) => d.instance)).toEqual(before.filter((d) => d.type === 'web').map((d) => d.instance))
    await expect(h.sim.akkeris.restartDynos('api-default', 'cron')).rejects.toThrow('dyno_type_not_found')
    expect(h.sim.akkeris.releases('api-default').at(-1)).toMatchObject({ current: true, status: 'succeeded' })
  })
})
