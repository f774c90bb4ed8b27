/** App Platform writes over HTTP — create and cancel a deployment, restart components — and the catalog. */
import { expect, it } from 'vitest'
import { lineReader } from '../support/streams.js'
import { describeTransports, TOKEN } from '../support/transports.js'

type Deployment = { id: string; phase: string; cause: string; progress: { success_steps: number; total_steps: number; error_steps: number; steps: Array<{ name: string }> } }

describeTransports('DigitalOcean deployments over HTTP', (h) => {
  const appId = (name: string) => h.sim.digitalocean.app(name).id
  const post = (path: string, body?: unknown) => h.doApi(path, { method: 'POST', ...(body === undefined ? {} : { body }) })
  const getDeployment = async (id: string, dep: string): Promise<Deployment> => (await (await h.doApi(`/v2/apps/${id}/deployments/${dep}`)).json()).deployment

  it('creates a deployment (200) that walks its phases on the clock, polled every 2 s as the deploy action does; the app follows', async () => {
    const id = appId('shop-frontend')
    const previous = (await (await h.doApi(`/v2/apps/${id}`)).json()).app.active_deployment.id
    const res = await post(`/v2/apps/${id}/deployments`, { force_build: true })
    expect(res.status).toBe(200)
    const { deployment } = (await res.json()) as { deployment: Deployment }
    expect(deployment).toMatchObject({ phase: 'PENDING_BUILD', cause: 'manual', phase_last_updated_at: '0001-01-01T00:00:00Z' })
    expect(deployment.progress).toMatchObject({ success_steps: 0, error_steps: 0 })
    expect(deployment.progress.total_steps).toBeGreaterThan(0)
    expect((await (await h.doApi(`/v2/apps/${id}`)).json()).app.in_progress_deployment.id).toBe(deployment.id)

    const phases = [deployment.phase]
    for (let polls = 0; polls < 900; polls++) {
      const d = await getDeployment(id, deployment.id)
      if (phases.at(-1) !== d.phase) phases.push(d.phase)
      if (d.progress.success_steps === d.progress.total_steps) break // doctl's success test
      h.sim.clock.advance('2s')
    }
    expect(phases).toEqual(['PENDING_BUILD', 'BUILDING', 'PENDING_DEPLOY', 'DEPLOYING', 'ACTIVE'])
    const { app } = await (await h.doApi(`/v2/apps/${id}`)).json()
    expect(app.active_deployment.id).toBe(deployment.id)
    expect(app.in_progress_deployment).toBeUndefined()
    expect((await getDeployment(id, previous)).phase).toBe('SUPERSEDED')
  })

  it('grows the BUILD log live while the deployment builds, and ends it with the build', async () => {
    const id = appId('orders-api')
    const { deployment } = await (await post(`/v2/apps/${id}/deployments`, { force_build: false })).json()
    h.sim.clock.advance('20s')
    const logs = await (await h.doApi(`/v2/apps/${id}/deployments/${deployment.id}/logs?type=BUILD&follow=true&component_name=api`)).json()
    expect(logs.live_url).toBeTruthy()
    const res = await h.fetch(logs.live_url.replace(/^wss?:/, (s: string) => (s === 'wss:' ? 'https:' : 'http:')))
    const reader = lineReader(res)
    const first = await reader.take(1)
    expect(first[0]).toMatch(/^api \d{4}-\d\d-\d\dT/)
    h.sim.clock.advance('10m')
    const rest = await reader.rest()
    expect(rest.length).toBeGreaterThan(5)
    expect(rest.at(-1)).toMatch(/build complete|✔/)
  })

  it('cancels a deployment in progress: CANCELED, the running step in error, the active one untouched', async () => {
    const id = appId('shop-frontend')
    const active = (await (await h.doApi(`/v2/apps/${id}`)).json()).app.active_deployment.id
    const { deployment } = await (await post(`/v2/apps/${id}/deployments`, {})).json()
    h.sim.clock.advance('30s')
    const res = await post(`/v2/apps/${id}/deployments/${deployment.id}/cancel`)
    expect(res.status).toBe(200)
    const canceled: Deployment = (await res.json()).deployment
    expect(canceled.phase).toBe('CANCELED')
    expect(canceled.progress.error_steps).toBeGreaterThan(0) // doctl --wait stops instead of waiting 30 minutes
    h.sim.clock.advance('10m')
    expect((await getDeployment(id, deployment.id)).phase).toBe('CANCELED')
    const { app } = await (await h.doApi(`/v2/apps/${id}`)).json()
    expect(app.active_deployment.id).toBe(active)
    expect(app.in_progress_deployment).toBeUndefined()
    // cancelling again (or an ended deployment) answers it unchanged
    expect((await (await post(`/v2/apps/${id}/deployments/${deployment.id}/cancel`)).json()).deployment).toEqual(await getDeployment(id, deployment.id))
    expect((await post(`/v2/apps/${id}/deployments/00000000-0000-4000-8000-00000000dead/cancel`)).status).toBe(404)
  })

  it('restarts components: a deployment without a build that renames only their instances', async () => {
    const id = appId('orders-api')
    const instances = async () => (await (await h.doApi(`/v2/apps/${id}/instances`)).json()).instances as Array<{ component_name: string; instance_name: string }>
    const before = await instances()
    const res = await post(`/v2/apps/${id}/restart`, { components: ['api'] })
    expect(res.status).toBe(200)
    const { deployment } = (await res.json()) as { deployment: Deployment }
    expect(deployment.phase).toBe('PENDING_DEPLOY')
    expect(deployment.progress.steps.map((s) => s.name)).toEqual(['deploy'])
    h.sim.clock.advance('10m')
    expect((await getDeployment(id, deployment.id)).phase).toBe('ACTIVE')
    const after = await instances()
    const names = (list: typeof before, c: string) => list.filter((i) => i.component_name === c).map((i) => i.instance_name)
    expect(names(after, 'queue')).toEqual(names(before, 'queue'))
    for (const n of names(after, 'api')) expect(names(before, 'api')).not.toContain(n)
    expect((await h.doApi(`/v2/apps/${id}/deployments/${deployment.id}/logs?type=BUILD`)).status).toBe(200)
    expect((await post(`/v2/apps/${id}/restart`, { components: ['nope'] })).status).toBe(404)
    expect((await post(`/v2/apps/${id}/restart`, { components: 'api' })).status).toBe(400)
    expect((await post(`/v2/apps/${id}/restart`)).status).toBe(200) // no body: every component
  })

  it('refuses the writes to a read-only token with 403, and counts them against the rate limit', async () => {
    h.sim.tokens.add({ token: 'read-only', scopes: ['app:read'] })
    const id = appId('orders-api')
    for (const path of [`/v2/apps/${id}/deployments`, `/v2/apps/${id}/restart`]) {
      const res = await h.doApi(path, { method: 'POST', body: {}, headers: { authorization: 'Bearer read-only' } })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ id: 'forbidden', message: 'You do not have access for the attempted action.' })
    }
    const ok = await post(`/v2/apps/${id}/deployments`, { force_build: false })
    expect(Number(ok.headers.get('ratelimit-remaining'))).toBeLessThan(5000)
    expect((await post(`/v2/apps/${id}/deployments`, { force_build: 'yes' })).status).toBe(400)
    expect(TOKEN).toBeTruthy()
  })
})

describeTransports('DigitalOcean regions, instance sizes and alerts', (h) => {
  it('lists the regions with nyc as the default', async () => {
    const { regions } = await (await h.doApi('/v2/apps/regions')).json()
    expect(regions.map((r: { slug: string }) => r.slug)).toEqual(['ams', 'nyc', 'fra', 'sfo', 'sgp', 'blr', 'tor', 'lon'])
    expect(regions.find((r: { default?: boolean }) => r.default).slug).toBe('nyc')
  })

  it('lists instance sizes with their numbers as strings, and gets one by slug (404 otherwise)', async () => {
    const { instance_sizes: sizes } = await (await h.doApi('/v2/apps/tiers/instance_sizes')).json()
    expect(sizes).toHaveLength(14)
    expect(sizes[0]).toEqual({
      name: 'Shared 1VCPU 0.5GB', slug: 'apps-s-1vcpu-0.5gb', cpu_type: 'SHARED', cpus: '1', memory_bytes: '536870912',
      usd_per_month: '5.00', usd_per_second: '0.000002066799', tier_slug: 'basic', single_instance_only: true, bandwidth_allowance_gib: '50',
    })
    expect(await (await h.doApi('/v2/apps/tiers/instance_sizes/apps-d-1vcpu-2gb')).json()).toEqual({ instance_size: sizes[7] })
    expect(sizes[7].usd_per_second).toBe('0.000016121032')
    expect((await h.doApi('/v2/apps/tiers/instance_sizes/apps-x')).status).toBe(404)
  })

  it("lists an app's alerts, each with a spec (doctl reads spec.rule)", async () => {
    const id = h.sim.digitalocean.app('orders-api').id
    const { alerts } = await (await h.doApi(`/v2/apps/${id}/alerts`)).json()
    expect(alerts.map((a: { spec: { rule: string } }) => a.spec.rule)).toEqual(['DEPLOYMENT_FAILED', 'CPU_UTILIZATION'])
    expect(alerts[1]).toMatchObject({ component_name: 'api', spec: { operator: 'GREATER_THAN', value: 85, window: 'FIVE_MINUTES' }, phase: 'ACTIVE' })
    expect((await h.doApi('/v2/apps/00000000-0000-4000-8000-00000000dead/alerts')).status).toBe(404)
  })
})
