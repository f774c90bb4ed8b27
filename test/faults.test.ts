/** Fault rules: answered in each API's own error format, chosen by seeded draws, retired after `times`. */
import { expect, it } from 'vitest'
import { describeTransports } from './support/transports.js'

describeTransports('faults', (h) => {
  it('answers a matching Akkeris operation with its plain-text 503 and leaves the others alone', async () => {
    const rule = h.sim.faults.add({ operationId: 'builds.*', status: 503 })
    const res = await h.api('/apps/api-default/builds')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('ratelimit-remaining')).toBe('2400')
    expect(await res.text()).toBe('Service Unavailable Error')
    expect((await h.api('/apps')).status).toBe(200)
    expect(h.sim.faults.remove(rule.id)).toBe(true)
    expect((await h.api('/apps/api-default/builds')).status).toBe(200)
  })

  it('answers DigitalOcean operations in its JSON error format with rate-limit headers', async () => {
    h.sim.faults.add({ operationId: 'apps_get_logs*', status: 500, provider: 'digitalocean' })
    const id = h.sim.digitalocean.app('shop-frontend').id
    const res = await h.doApi(`/v2/apps/${id}/logs?type=RUN`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ id: 'server_error', message: 'Unexpected server-side error', request_id: res.headers.get('x-request-id') })
    expect(res.headers.get('ratelimit-limit')).toBe('5000')
    expect((await h.api('/apps')).status).toBe(200) // other provider untouched
  })

  it('hits a seeded share of requests with a probability, and stops after `times`', async () => {
    h.sim.faults.add({ operationId: 'apps.list', status: 500, probability: 0.3 })
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) statuses.push((await h.api('/apps')).status)
    const failed = statuses.filter((s) => s === 500).length
    expect(failed).toBeGreaterThan(3)
    expect(failed).toBeLessThan(25)
    expect(h.sim.journal.list({ operationId: 'apps.list' }).filter((e) => e.fault).length).toBe(failed)

    h.sim.faults.clear()
    h.sim.faults.add({ operationId: 'sites.list', status: 429, times: 2 })
    const limited = [await h.api('/sites'), await h.api('/sites'), await h.api('/sites')].map((r) => r.status)
    expect(limited).toEqual([429, 429, 200])
  })

  it('delays an answer on the manual clock until it is advanced, and refuses malformed rules', async () => {
    h.sim.faults.add({ operationId: 'apps.get', delay: '2s' })
    let answered = false
    const pending = h.api('/apps/api-default').then((res) => ((answered = true), res))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(answered).toBe(false)
    h.sim.clock.advance('2s')
    expect((await pending).status).toBe(200)
    expect(() => h.sim.faults.add({ operationId: '' })).toThrow(RangeError)
    expect(() => h.sim.faults.add({ operationId: 'x', status: 200 })).toThrow(/400-599/)
    expect(() => h.sim.faults.add({ operationId: 'x', status: 500, probability: 2 })).toThrow(/probability/)
    expect(() => h.sim.faults.add({ operationId: 'x', delay: 'soon' })).toThrow(/delay/)
    // a misspelled operation id would match nothing, silently: it is refused with the ids there are
    expect(() => h.sim.faults.add({ operationId: 'build.list', status: 500 })).toThrow(/matches no operation; operation ids: .*builds\.list/)
    expect(() => h.sim.faults.add({ operationId: 'apps_list', provider: 'akkeris', status: 500 })).toThrow(/matches no operation of akkeris/)
    expect(() => h.sim.faults.add({ operationId: 'apps.list', status: 500, headers: { 'bad name': 'x' } })).toThrow(/header name/)
  })

  it('makes a 429 look like a real one, with retry-after and the rate-limit headers, plus any headers the rule sets', async () => {
    h.sim.faults.add({ operationId: 'apps_list', status: 429 })
    const limited = await h.doApi('/v2/apps')
    expect(limited.status).toBe(429)
    expect(await limited.json()).toMatchObject({ id: 'too_many_requests' })
    expect(Object.fromEntries(['retry-after', 'ratelimit-limit', 'ratelimit-remaining'].map((n) => [n, limited.headers.get(n)]))).toEqual({ 'retry-after': '1', 'ratelimit-limit': '5000', 'ratelimit-remaining': '0' })
    expect(limited.headers.get('ratelimit-reset')).toMatch(/^\d+$/)
    h.sim.faults.add({ operationId: 'apps.list', status: 429, headers: { 'retry-after': '7', 'x-fault': 'on' } })
    const akkeris = await h.api('/apps')
    expect([akkeris.status, akkeris.headers.get('retry-after'), akkeris.headers.get('x-fault'), akkeris.headers.get('ratelimit-remaining')]).toEqual([429, '7', 'on', '0'])
  })
})

it('draws the same faulty requests for the same seed', async () => {
  const { createSim, DEFAULT_TOKEN } = await import('../src/index.js')
  const run = async () => {
    const sim = createSim({ seed: 11 })
    sim.faults.add({ operationId: '*', status: 503, probability: 0.5 })
    const out: number[] = []
    for (let i = 0; i < 30; i++) out.push((await sim.fetch('https://apps.akkeris.io/apps', { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })).status)
    return out
  }
  expect(await run()).toEqual(await run())
})
