/** Log drains over the API: what `aka drains`, `drains:create`, `drains:info` and `drains:remove` send and read. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

type Drain = { addon: { id: string; name: string }; created_at: string; id: string; token: string; updated_at: string; url: string }

describeTransports('Akkeris log drains', (h) => {
  it('creates, lists, gets and removes an app drain (201, creation order, 200 with the removed drain)', async () => {
    expect(await (await h.api('/apps/api-default/log-drains')).json()).toEqual([])
    const res = await h.api('/apps/api-default/log-drains', { body: { url: 'syslog+tls://logs.example.com:6514' } })
    expect(res.status).toBe(201)
    const drain: Drain = await res.json()
    expect(Object.keys(drain)).toEqual(['addon', 'created_at', 'id', 'token', 'updated_at', 'url'])
    expect(drain).toMatchObject({ addon: { id: '', name: '' }, token: 'api-default', url: 'syslog+tls://logs.example.com:6514' })
    expect(drain.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/)
    const second: Drain = await (await h.api('/apps/api-default/log-drains', { body: { url: 'https://user:pw@logs.example.com/in?x=1' } })).json()
    expect((await (await h.api('/apps/api-default/log-drains')).json()).map((d: Drain) => d.id)).toEqual([drain.id, second.id])
    expect(await (await h.api(`/apps/api-default/log-drains/${drain.id}`)).json()).toEqual(drain)
    const removed = await h.api(`/apps/api-default/log-drains/${drain.id}`, { method: 'DELETE' })
    expect([removed.status, await removed.json()]).toEqual([200, drain])
    expect((await (await h.api('/apps/api-default/log-drains')).json()).map((d: Drain) => d.id)).toEqual([second.id])
  })

  it('checks in the API order: app 404, JSON 400, url 400, duplicate 400 (trimmed, case-insensitive)', async () => {
    await h.api('/apps/api-default/log-drains', { body: { url: 'syslog://Logs.example.com:514' } })
    const cases: Array<[string, unknown, number, string | RegExp]> = [
      ['/apps/ghost-default/log-drains', '{bad', 404, 'The specified application ghost-default does not exist.'],
      ['/sites/ghost.example.com/log-drains', '{bad', 404, 'The specified site ghost.example.com does not exist.'],
      ['/apps/api-default/log-drains', '{bad', 400, /^SyntaxError: /],
      ['/apps/api-default/log-drains', {}, 400, 'The request did not include a "url" parameter.'],
      ['/apps/api-default/log-drains', { url: '' }, 400, 'The request did not include a "url" parameter.'],
      ['/apps/api-default/log-drains', { url: ' syslog://logs.EXAMPLE.com:514 ' }, 400, 'The requested log drain already exists on this application.'],
    ]
    for (const [path, body, status, text] of cases) {
      const res = await h.api(path, { body })
      expect(res.status, JSON.stringify(body)).toBe(status)
      if (typeof text === 'string') expect(await res.text()).toBe(text)
      else expect(await res.text()).toMatch(text)
    }
    // anything else non-empty is stored as sent (an unknown scheme is simply never delivered to)
    expect((await h.api('/apps/api-default/log-drains', { body: { url: 'carrier-pigeon://coop' } })).status).toBe(201)
  })

  it('answers 503 Service Unavailable Error for a drain id unknown to that app, on GET and DELETE', async () => {
    const drain: Drain = await (await h.api('/apps/api-default/log-drains', { body: { url: 'syslog+udp://127.0.0.1:5514' } })).json()
    for (const [method, path] of [['GET', '/apps/api-default/log-drains/00000000-0000-4000-8000-000000000000'], ['DELETE', '/apps/api-default/log-drains/nope'], ['GET', `/apps/billing-prod/log-drains/${drain.id}`]]) {
      const res = await h.api(path, { method })
      expect([res.status, await res.text()]).toEqual([503, 'Service Unavailable Error'])
    }
  })

  it("bumps the app's updated_at when a drain is created or removed", async () => {
    const before = (await (await h.api('/apps/api-default')).json()).updated_at
    h.sim.clock.advance('1h')
    const drain: Drain = await (await h.api('/apps/api-default/log-drains', { body: { url: 'syslog://127.0.0.1:5514' } })).json()
    const after = (await (await h.api('/apps/api-default')).json()).updated_at
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before))
    expect(after).toBe(new Date(h.sim.clock.now()).toISOString())
    await h.api(`/apps/api-default/log-drains/${drain.id}`, { method: 'DELETE' })
  })

  it('keeps site drains apart: token is the domain, duplicates say "on this site"', async () => {
    const site = 'www.example-shop.io'
    const drain: Drain = await (await h.api(`/sites/${site}/log-drains`, { body: { url: 'https://logs.example.com/site' } })).json()
    expect(drain.token).toBe(site)
    const dup = await h.api(`/sites/${site}/log-drains`, { body: { url: 'https://logs.example.com/site' } })
    expect([dup.status, await dup.text()]).toEqual([400, 'The requested log drain already exists on this site.'])
    const id = (await (await h.api(`/sites/${site}`)).json()).id
    expect(await (await h.api(`/sites/${id}/log-drains`)).json()).toEqual([drain])
    expect(await (await h.api('/apps/api-default/log-drains')).json()).toEqual([])
    expect(await (await h.api(`/sites/${site}/log-drains/${drain.id}`, { method: 'DELETE' })).json()).toEqual(drain)
  })
})

describeTransports('Akkeris log drains in-process', (h) => {
  it('adds, lists and removes drains with sim.akkeris, as the routes do', async () => {
    const drain = await h.sim.akkeris.createDrain('api-default', 'syslog://127.0.0.1:5514')
    expect(h.sim.akkeris.drains('api-default').map((d) => d.url)).toEqual(['syslog://127.0.0.1:5514'])
    expect((await (await h.api(`/apps/api-default/log-drains/${drain.id}`)).json()).url).toBe('syslog://127.0.0.1:5514')
    await expect(h.sim.akkeris.createDrain('api-default', 'SYSLOG://127.0.0.1:5514')).rejects.toThrow('drain_exists')
    await h.sim.akkeris.createDrain({ site: 'www.example-shop.io' }, 'https://logs.example.com/site')
    expect(h.sim.akkeris.drains({ site: 'www.example-shop.io' })).toHaveLength(1)
    await h.sim.akkeris.removeDrain('api-default', drain.id)
    expect(h.sim.akkeris.drains('api-default')).toEqual([])
  })
})
