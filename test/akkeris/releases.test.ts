/** Releases, the app's image, the account and spaces: what `aka releases`, `apps:info`, `whoami` and `spaces` read. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

type Release = { id: string; version: number; slug: { id: string }; status: string; state: string; current: boolean; created_at: string; description: string }
type Build = { id: string; status: string; updated_at: string; slug: { number: string } }

describeTransports('Akkeris releases', (h) => {
  it('lists one release per succeeded build, oldest first, joined to its build on slug.id', async () => {
    await h.sim.clock.advance('5m')
    const builds: Build[] = await (await h.api('/apps/api-default/builds')).json()
    const releases: Release[] = await (await h.api('/apps/api-default/releases')).json()
    const succeeded = builds.filter((b) => b.status === 'succeeded').sort((a, b) => a.updated_at.localeCompare(b.updated_at))
    expect(releases.map((r) => r.slug.id)).toEqual(succeeded.map((b) => b.id))
    expect(releases.map((r) => r.version)).toEqual(releases.map((_, i) => i + 1))
    expect(releases.map((r) => r.created_at)).toEqual(succeeded.map((b) => b.updated_at))
    expect(Object.keys(releases[0])).toEqual(['app', 'created_at', 'description', 'slug', 'id', 'status', 'state', 'user', 'version', 'current'])
    expect(releases.filter((r) => r.current).map((r) => r.version)).toEqual([releases.length])
    for (const r of releases) expect(r).toMatchObject({ status: 'succeeded', state: 'success', description: `Auto-Deploy ${r.slug.id.slice(0, 8)}` })
  })

  it('shows a fresh release pending (not current) until its dynos are up', async () => {
    const app = await h.sim.akkeris.createApp({ name: 'fresh', formation: { web: 1 } })
    const build = await h.sim.akkeris.createBuild(app.key, { outcome: 'succeeded', queuedMs: 1000 })
    expect(await (await h.api(`/apps/${app.key}/releases`)).json()).toEqual([])
    h.sim.clock.set(build.finishedAt)
    const [pending] = await (await h.api(`/apps/${app.key}/releases`)).json()
    expect(pending).toMatchObject({ status: 'pending', current: false, version: 1 })
    await h.sim.clock.advance('10s')
    const [done] = await (await h.api(`/apps/${app.key}/releases`)).json()
    expect(done).toMatchObject({ id: pending.id, status: 'succeeded', current: true })
  })

  it('gets a release and its statuses; checks the uuid form before the app, then the release', async () => {
    const [first] = await (await h.api('/apps/api-default/releases')).json()
    expect(await (await h.api(`/apps/api-default/releases/${first.id}`)).json()).toEqual(first)
    expect(await (await h.api(`/apps/api-default/releases/${first.id}/statuses`)).json()).toEqual({ state: 'success', release: first, statuses: [] })
    const cases: Array<[string, number, string]> = [
      ['/apps/ghost-default/releases/v1', 422, 'The specified uuid was invalid.'],
      ['/apps/ghost-default/releases/' + first.id, 404, 'The specified application ghost-default does not exist.'],
      ['/apps/billing-prod/releases/' + first.id, 404, `The specified release ${first.id} was not found.`],
    ]
    for (const [path, status, text] of cases) {
      const res = await h.api(path)
      expect([res.status, await res.text()]).toEqual([status, text])
    }
  })

  it('puts image on GET /apps/{app} only: "" before the first release, the released build after', async () => {
    await h.sim.clock.advance('5m')
    const app = await (await h.api('/apps/api-default')).json()
    const releases: Release[] = await (await h.api('/apps/api-default/releases')).json()
    const build: Build = await (await h.api(`/apps/api-default/builds/${releases.at(-1)!.slug.id}`)).json()
    expect(app.image).toBe(`docker.akkeris.io/akkeris/api-${app.id}:0.${build.slug.number}`)
    expect((await (await h.api('/apps')).json())[0]).not.toHaveProperty('image')
    const fresh = await h.sim.akkeris.createApp({ name: 'fresh' })
    expect((await (await h.api(`/apps/${fresh.key}`)).json()).image).toBe('')
  })
})

describeTransports('Akkeris account and spaces', (h) => {
  it('answers GET /account for the token, the same person every time', async () => {
    const account = await (await h.api('/account')).json()
    expect(Object.keys(account)).toEqual(['allow_tracking', 'beta', 'created_at', 'email', 'id', 'last_login', 'name', 'sms_number', 'elevated_access', 'suspended_at', 'delinquent_at', 'two_factor_authentication', 'updated_at', 'verified'])
    expect(account).toMatchObject({ allow_tracking: true, beta: false, verified: true, suspended_at: null, delinquent_at: null, sms_number: '' })
    expect(account.email).toMatch(/^\S+@\S+\.\S+$/)
    expect(account.last_login).toBe(account.updated_at)
    expect(await (await h.api('/account')).json()).toEqual(account)
    expect((await h.api('/account', { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
  })

  it('lists spaces by name with their app counts as strings, and gets one by name or UUID', async () => {
    const spaces = await (await h.api('/spaces')).json()
    expect(spaces.map((s: { name: string; apps: string }) => [s.name, s.apps])).toEqual([['default', '2'], ['prod', '2'], ['staging-eu', '1']])
    expect(Object.keys(spaces[0])).toEqual(['compliance', 'created_at', 'id', 'name', 'region', 'stack', 'state', 'apps', 'updated_at'])
    expect(spaces[1]).toMatchObject({ compliance: ['prod'], state: 'allocated', region: { name: 'us-seattle' }, stack: { name: 'ds1' } })
    expect(await (await h.api('/spaces/prod')).json()).toEqual(spaces[1])
    expect(await (await h.api(`/spaces/${spaces[1].id}`)).json()).toEqual(spaces[1])
    const missing = await h.api('/spaces/nowhere')
    expect([missing.status, await missing.text()]).toEqual([404, 'The specified space nowhere does not exist.'])
  })
})
