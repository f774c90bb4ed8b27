/** App metrics: dyno-keyed series of strings at unix-second keys, a pure function of (seed, app, time). */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

const KEYS = ['memory_usage_bytes', 'memory_cache', 'memory_rss', 'memory_working_set_bytes', 'cpu_user_seconds_total', 'cpu_usage_seconds_total', 'cpu_system_seconds_total', 'network_receive_bytes_total', 'network_transmit_bytes_total', 'fs_usage_bytes']

describeTransports('Akkeris metrics', (h) => {
  it('answers every formation type with all ten keys, string values and unix-second keys over 24 h by default', async () => {
    const res = await h.api('/apps/api-default/metrics')
    expect(res.status).toBe(200)
    const metrics = await res.json()
    expect(Object.keys(metrics).sort()).toEqual(['web', 'worker'])
    for (const type of ['web', 'worker']) {
      for (const key of KEYS) expect(metrics[type], `${type}.${key}`).toHaveProperty(key)
      const memory = metrics[type].memory_usage_bytes
      const stamps = Object.keys(memory).map(Number)
      expect(stamps.length).toBeGreaterThanOrEqual(48)
      expect(stamps.length).toBeLessThanOrEqual(49)
      for (const s of stamps) expect(s % 1800).toBe(0)
      for (const v of Object.values(memory)) expect(typeof v).toBe('string')
      expect(Number(Object.values(memory)[0])).toBeGreaterThan(0)
    }
    expect(metrics.web).toHaveProperty('requests')
    expect(metrics.worker).not.toHaveProperty('requests')
  })

  it('honours the resolution, and gives the same sample for a time whatever window asked for it', async () => {
    const from = '2025-12-31T12:00:00Z'
    const a = await (await h.api(`/apps/api-default/metrics?resolution=10m&from=${from}&to=2025-12-31T14:00:00Z`)).json()
    const b = await (await h.api(`/apps/api-default/metrics?resolution=10m&from=${encodeURIComponent('2025-12-31T13:00:00Z')}&to=${encodeURIComponent('2025-12-31T18:00:00Z')}`)).json()
    const stamp = String(Date.parse('2025-12-31T13:30:00Z') / 1000)
    expect(Object.keys(a.web.cpu_usage_seconds_total)).toHaveLength(13)
    expect(a.web.cpu_usage_seconds_total[stamp]).toBeDefined()
    expect(a.web.cpu_usage_seconds_total[stamp]).toBe(b.web.cpu_usage_seconds_total[stamp])
    expect(a.web.memory_rss[stamp]).toBe(b.web.memory_rss[stamp])
  })

  it('rejects a malformed resolution with the Akkeris 400 text', async () => {
    for (const resolution of ['ten', '10', 'm', '5M']) {
      const res = await h.api(`/apps/api-default/metrics?resolution=${resolution}`)
      expect(res.status, resolution).toBe(400)
      expect(await res.text()).toBe('Invalid request, resolution must be [0-9][resolution]')
    }
  })

  it('404s an unknown app with the Akkeris text', async () => {
    const res = await h.api('/apps/ghost-default/metrics')
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('The specified application ghost-default does not exist.')
  })
})
