/** App metrics: one Prometheus-style series per instance, `[unix seconds, "string"]` pairs. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

describeTransports('DigitalOcean app metrics', (h) => {
  const q = (metric: string, params: string) => h.doApi(`/v2/monitoring/metrics/apps/${metric}?${params}`)

  it('answers a matrix with one series per instance for cpu, memory and restart_count', async () => {
    const id = h.sim.digitalocean.app('orders-api').id
    const end = Math.floor(h.sim.clock.now() / 1000)
    for (const metric of ['cpu_percentage', 'memory_percentage', 'restart_count']) {
      const res = await q(metric, `app_id=${id}&start=${end - 3600}&end=${end}`)
      expect(res.status, metric).toBe(200)
      const body = await res.json()
      expect(body.status).toBe('success')
      expect(body.data.resultType).toBe('matrix')
      const instances = body.data.result.map((s: { metric: { app_component_instance: string } }) => s.metric.app_component_instance).sort()
      expect(instances).toEqual(['api-0', 'api-1', 'api-2', 'queue-0'])
      for (const series of body.data.result) {
        expect(series.metric).toEqual({ app_component: series.metric.app_component_instance.replace(/-\d+$/, ''), app_component_instance: expect.any(String), app_uuid: id })
        for (const [t, v] of series.values) {
          expect(Number.isInteger(t)).toBe(true)
          expect(typeof v).toBe('string')
          if (metric !== 'restart_count') expect(Number(v)).toBeGreaterThanOrEqual(0)
          if (metric !== 'restart_count') expect(Number(v)).toBeLessThanOrEqual(100)
        }
      }
    }
  })

  it('filters by app_component and gives the same value at a time whatever the window', async () => {
    const id = h.sim.digitalocean.app('billing-worker').id
    const end = Math.floor(h.sim.clock.now() / 1000)
    const a = await (await q('memory_percentage', `app_id=${id}&app_component=billing&start=${end - 3600}&end=${end}`)).json()
    const b = await (await q('memory_percentage', `app_id=${id}&app_component=billing&start=${end - 7200}&end=${end}`)).json()
    expect(a.data.result.every((s: { metric: { app_component: string } }) => s.metric.app_component === 'billing')).toBe(true)
    const valueAt = (m: typeof a, t: number) => new Map<number, string>(m.data.result[0].values).get(t)
    const shared = a.data.result[0].values.map(([t]: [number]) => t).filter((t: number) => valueAt(b, t) !== undefined)
    expect(shared.length).toBeGreaterThan(0)
    for (const t of shared) expect(valueAt(a, t)).toBe(valueAt(b, t))
  })

  it('answers missing or bad parameters with 400 and unknown apps or components with 404', async () => {
    const id = h.sim.digitalocean.app('orders-api').id
    for (const params of ['', `app_id=${id}`, `app_id=${id}&start=1&end=x`, `app_id=${id}&start=10&end=5`]) {
      const res = await q('cpu_percentage', params)
      expect(res.status, params).toBe(400)
      expect((await res.json()).id).toBe('bad_request')
    }
    expect((await q('cpu_percentage', 'app_id=nope&start=1&end=2')).status).toBe(404)
    expect((await q('cpu_percentage', `app_id=${id}&app_component=nope&start=1&end=2`)).status).toBe(404)
  })
})
