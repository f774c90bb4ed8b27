/** Apps, formations and sites, and the auth and error rules around them — on every transport. */
import { expect, it } from 'vitest'
import { describeTransports, TOKEN } from '../support/transports.js'

describeTransports('Akkeris apps', (h) => {
  it('lists apps with the Akkeris app shape and the constant rate-limit header', async () => {
    const res = await h.api('/apps')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json') // no charset, as the controller sends it
    expect(res.headers.get('ratelimit-remaining')).toBe('2400')
    const apps = await res.json()
    expect(apps.map((a: { name: string }) => a.name)).toEqual(['api-default', 'billing-prod', 'frontend-prod', 'reports-staging-eu', 'worker-default'])
    const api = apps[0]
    expect(Object.keys(api).sort()).toEqual(
      ['archived_at', 'build_stack', 'buildpack_provided_description', 'created_at', 'description', 'formation', 'git_branch', 'git_url', 'id', 'key', 'labels', 'maintenance', 'name', 'organization', 'owner', 'preview', 'region', 'released_at', 'repo_size', 'simple_name', 'slug_size', 'space', 'stack', 'updated_at', 'web_url'].sort(),
    )
    expect(api).toMatchObject({ name: 'api-default', key: 'api-default', simple_name: 'api', space: { name: 'default' } })
  })

  it('finds an app by <name>-<space> or by UUID, but not by its bare name', async () => {
    const byKey = await (await h.api('/apps/billing-prod')).json()
    const byId = await (await h.api(`/apps/${byKey.id}`)).json()
    expect(byId).toEqual(byKey)
    const bare = await h.api('/apps/billing')
    expect(bare.status).toBe(404)
    expect(bare.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await bare.text()).toBe('The specified application billing does not exist.')
  })

  it('has every app created before its first build, and released when its last succeeded build finished', async () => {
    for (const app of await (await h.api('/apps')).json()) {
      const builds = await (await h.api(`/apps/${app.key}/builds`)).json()
      expect(builds.length).toBeGreaterThan(0)
      expect(Date.parse(app.created_at)).toBeLessThan(Date.parse(builds[0].created_at))
      const succeeded = builds.filter((b: { status: string }) => b.status === 'succeeded')
      expect(app.released_at).toBe(succeeded.length ? succeeded.map((b: { updated_at: string }) => b.updated_at).sort().at(-1) : null)
    }
  })

  it('lists an app as released again once its running build finishes, with no write in between', async () => {
    const before = (await (await h.api('/apps')).json()).find((a: { key: string }) => a.key === 'api-default')
    const running = (await (await h.api('/apps/api-default/builds')).json()).at(-1)
    expect(running.status).not.toBe('succeeded')
    h.sim.clock.advance('30m')
    const after = (await (await h.api('/apps')).json()).find((a: { key: string }) => a.key === 'api-default')
    const finished = (await (await h.api(`/apps/api-default/builds/${running.id}`)).json())
    expect(finished.status).toBe('succeeded')
    expect(after.released_at).toBe(finished.updated_at)
    expect(after.released_at).not.toBe(before.released_at)
  })

  it('lists formations with port and healthcheck on web only', async () => {
    const formation = await (await h.api('/apps/api-default/formation')).json()
    expect(formation.map((f: { type: string; quantity: number }) => [f.type, f.quantity])).toEqual([['web', 2], ['worker', 1]])
    expect(formation[0]).toMatchObject({ app: { name: 'api-default' }, port: 9000, healthcheck: '/health', size: 'gp2' })
    expect(formation[1]).toMatchObject({ port: null, healthcheck: null })
  })

  it('serves sites by UUID or domain, and the Akkeris 404 text for unknown ones', async () => {
    const sites = await (await h.api('/sites')).json()
    expect(sites).toHaveLength(1)
    expect(Object.keys(sites[0]).sort()).toEqual(['compliance', 'created_at', 'description', 'domain', 'id', 'labels', 'region', 'updated_at'])
    expect(await (await h.api(`/sites/${sites[0].domain}`)).json()).toEqual(sites[0])
    expect(await (await h.api(`/sites/${sites[0].id}`)).json()).toEqual(sites[0])
    const missing = await h.api('/sites/nope.example.com')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('The specified site nope.example.com does not exist.')
  })

  it('accepts Bearer, Basic (token as password) and the bare token; anything else is 401 text', async () => {
    const basic = 'Basic ' + Buffer.from(`me:${TOKEN}`).toString('base64')
    for (const authorization of [`Bearer ${TOKEN}`, basic, TOKEN]) {
      expect((await h.fetch('/apps', { headers: { authorization } })).status).toBe(200)
    }
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic !!!' }, { authorization: 'Token x y' }] as Array<Record<string, string>>) {
      const res = await h.fetch('/apps', { headers })
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await res.text()).toBe('Unauthorized')
    }
  })

  it('answers unmatched routes with an empty 404', async () => {
    for (const path of ['/nope', '/apps/api-default/unknown', '/apps/api-default/builds/x/y/z', '/%E0%A4%A']) {
      const res = await h.api(path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toBe('')
    }
    const wrongMethod = await h.api('/apps', { method: 'DELETE' })
    expect(wrongMethod.status).toBe(404)
  })
})
