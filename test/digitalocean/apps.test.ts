/** App Platform apps and deployments: shapes, pagination, and the deployment lifecycle on the clock. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

describeTransports('DigitalOcean apps', (h) => {
  const appId = (name: string) => h.sim.digitalocean.app(name).id

  it('lists apps with links.pages and meta.total, 20 per page by default and at most 200', async () => {
    const all = await (await h.doApi('/v2/apps')).json()
    expect(all.meta.total).toBe(4)
    expect(all.links).toEqual({ pages: {} })
    expect(all.apps.map((a: { spec: { name: string } }) => a.spec.name)).toEqual(['legacy-reports', 'shop-frontend', 'orders-api', 'billing-worker'])
    const page2 = await (await h.doApi('/v2/apps?page=2&per_page=3')).json()
    expect(page2.apps).toHaveLength(1)
    expect(page2.links.pages).toEqual({ first: `${h.doOrigin}/v2/apps?page=1&per_page=3`, prev: `${h.doOrigin}/v2/apps?page=1&per_page=3` })
    const page1 = await (await h.doApi('/v2/apps?per_page=3')).json()
    expect(page1.links.pages).toEqual({ next: `${h.doOrigin}/v2/apps?page=2&per_page=3`, last: `${h.doOrigin}/v2/apps?page=2&per_page=3` })
  })

  it('gets an app with its active deployment, spec and component names', async () => {
    const res = await h.doApi(`/v2/apps/${appId('shop-frontend')}`)
    expect(res.status).toBe(200)
    const { app } = await res.json()
    expect(app.spec.name).toBe('shop-frontend')
    expect(app.spec.services.map((s: { name: string }) => s.name)).toEqual(['web'])
    expect(app.spec.static_sites.map((s: { name: string }) => s.name)).toEqual(['docs'])
    expect(app.active_deployment).toMatchObject({ phase: 'ACTIVE', id: expect.any(String) })
    expect(app.in_progress_deployment).toBeUndefined()
    expect(app.live_url).toMatch(/^https:\/\/shop-frontend-[0-9a-f]+\.ondigitalocean\.app$/)
  })

  it('moves a new deployment through its phases as the clock advances; the previous one becomes SUPERSEDED', async () => {
    const id = appId('shop-frontend')
    const before = (await (await h.doApi(`/v2/apps/${id}`)).json()).app.active_deployment.id
    const created = await h.sim.digitalocean.createDeployment(id)
    const phases: string[] = []
    for (let i = 0; i < 60; i++) {
      const { deployment } = await (await h.doApi(`/v2/apps/${id}/deployments/${created.record.id}`)).json()
      if (phases.at(-1) !== deployment.phase) phases.push(deployment.phase)
      const p = deployment.progress
      expect(p.pending_steps + p.running_steps + p.success_steps + p.error_steps).toBe(p.total_steps)
      if (deployment.phase === 'ACTIVE') break
      h.sim.clock.advance('10s')
    }
    expect(phases).toEqual(['PENDING_BUILD', 'BUILDING', 'PENDING_DEPLOY', 'DEPLOYING', 'ACTIVE'].filter((p) => phases.includes(p)))
    expect(phases[0]).toBe('PENDING_BUILD')
    expect(phases.at(-1)).toBe('ACTIVE')
    const { deployment: old } = await (await h.doApi(`/v2/apps/${id}/deployments/${before}`)).json()
    expect(old.phase).toBe('SUPERSEDED')
    const { app } = await (await h.doApi(`/v2/apps/${id}`)).json()
    expect(app.active_deployment.id).toBe(created.record.id)
  })

  it('shows the seeded mid-deploy app in progress and the failed deployment as ERROR', async () => {
    const { app } = await (await h.doApi(`/v2/apps/${appId('orders-api')}`)).json()
    expect(app.in_progress_deployment.phase).toMatch(/^(PENDING_BUILD|BUILDING)$/)
    expect(app.active_deployment.phase).toBe('ACTIVE')
    const { deployments } = await (await h.doApi(`/v2/apps/${appId('legacy-reports')}/deployments`)).json()
    expect(deployments[0].phase).toBe('ERROR')
    expect(deployments[0].progress.error_steps).toBeGreaterThan(0)
    expect(deployments[1].phase).toBe('ACTIVE')
  })

  it('reports health and instances per component, agreeing with each other', async () => {
    const id = appId('billing-worker')
    const { app_health } = await (await h.doApi(`/v2/apps/${id}/health`)).json()
    const billing = app_health.components.find((c: { name: string }) => c.name === 'billing')
    expect(billing).toMatchObject({ replicas_desired: 2, state: 'UNHEALTHY' })
    const { instances } = await (await h.doApi(`/v2/apps/${id}/instances`)).json()
    expect(instances.filter((i: { component_name: string }) => i.component_name === 'billing').map((i: { instance_alias: string }) => i.instance_alias)).toEqual(['billing-0', 'billing-1'])
    for (const i of instances) expect(i.instance_name).toMatch(new RegExp(`^${i.component_name}-[a-z0-9]{10}-[a-z0-9]{5}$`))
  })

  it('serves daily bandwidth by GET and POST', async () => {
    const id = appId('shop-frontend')
    const one = await (await h.doApi(`/v2/apps/${id}/metrics/bandwidth_daily?date=2025-12-30T00:00:00Z`)).json()
    expect(one).toEqual({ app_bandwidth_usage: [{ app_id: id, bandwidth_bytes: expect.stringMatching(/^\d+$/) }], date: '2025-12-30T00:00:00Z' })
    const many = await (await h.doApi('/v2/apps/metrics/bandwidth_daily', { body: { app_ids: [id, appId('orders-api')], date: '2025-12-30T00:00:00Z' } })).json()
    expect(many.app_bandwidth_usage).toHaveLength(2)
    expect(many.app_bandwidth_usage[0]).toEqual(one.app_bandwidth_usage[0])
    const yesterday = await (await h.doApi(`/v2/apps/${id}/metrics/bandwidth_daily`)).json()
    expect(yesterday.date).toBe('2025-12-31T00:00:00Z') // the sim starts 2026-01-01; the default is yesterday
    expect((await h.doApi('/v2/apps/metrics/bandwidth_daily', { body: {} })).status).toBe(400)
    expect((await h.doApi('/v2/apps/metrics/bandwidth_daily', { body: '{nope' })).status).toBe(400)
  })

  it('lists job invocations and autoscale events', async () => {
    const { job_invocations } = await (await h.doApi(`/v2/apps/${appId('orders-api')}/job-invocations`)).json()
    expect(job_invocations.map((j: { phase: string }) => j.phase)).toEqual(['FAILED', 'SUCCEEDED'])
    const { events } = await (await h.doApi(`/v2/apps/${appId('shop-frontend')}/events`)).json()
    expect(events[0]).toMatchObject({ type: 'AUTOSCALING', autoscaling: { phase: 'SUCCEEDED', components: { web: { from: 2, to: 3 } } } })
  })

  it('answers unknown ids with the 404 body', async () => {
    for (const path of ['/v2/apps/nope', `/v2/apps/${appId('orders-api')}/deployments/nope`, `/v2/apps/${appId('orders-api')}/job-invocations/nope`, '/v2/unknown']) {
      const res = await h.doApi(path)
      expect(res.status, path).toBe(404)
      const body = await res.json()
      expect(body).toEqual({ id: 'not_found', message: 'The resource you requested could not be found.', request_id: res.headers.get('x-request-id') })
    }
  })
})
