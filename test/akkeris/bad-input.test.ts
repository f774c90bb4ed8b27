/** Bad input gets Akkeris' own answers — never a crash, a hang or a generic 500. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

describeTransports('Akkeris bad input', (h) => {
  it('refuses an oversized body with 413 in Akkeris format', async () => {
    const res = await h.api('/apps/api-default/log-sessions', { body: JSON.stringify({ lines: 5, pad: 'x'.repeat(1_100_000) }) })
    expect(res.status).toBe(413)
    expect(res.headers.get('ratelimit-remaining')).toBe('2400')
    expect(await res.text()).toBe('request entity too large')
  })

  it('treats wrong JSON types as the API does', async () => {
    for (const body of ['null', '"text"', '42', 'true', '{"lines": null}', '{"lines": [5]}', '{"lines": {"n": 5}}']) {
      const res = await h.api('/apps/api-default/log-sessions', { body })
      expect(res.status, body).toBe(422)
    }
    const tail = await h.api('/apps/api-default/log-sessions', { body: { lines: 3, tail: 'yes' } })
    expect(tail.status).toBe(201)
    const build = await h.api('/apps/api-default/builds', { body: { sha: 42, branch: ['x'] } })
    expect(build.status).toBe(201)
  })

  it('answers odd paths without crashing', async () => {
    const paths = ['/apps/%', '/apps/%ZZ', '/apps/' + 'a'.repeat(5000), '/apps/ap%C3%A9-default', '/apps//builds', '/apps/api-default/builds/%00']
    for (const path of paths) {
      const res = await h.api(path)
      expect([404, 422], path).toContain(res.status)
    }
    const encoded = await h.api('/apps/api%2Ddefault')
    expect(encoded.status).toBe(200)
  })

  it('accepts a metrics window given unencoded, encoded, as unix seconds, or backwards', async () => {
    for (const q of ['from=2025-12-31T00:00:00Z&to=2025-12-31T06:00:00Z', 'from=2025-12-31T00%3A00%3A00Z', 'from=1767139200&to=1767160800', 'from=2025-12-31T06:00:00Z&to=2025-12-31T00:00:00Z', 'from=garbage']) {
      const res = await h.api(`/apps/api-default/metrics?${q}`)
      expect(res.status, q).toBe(200)
      expect(Object.keys(await res.json())).toContain('web')
    }
  })

  it('refuses a window that would hold too many samples instead of hanging', async () => {
    const res = await h.api('/apps/api-default/metrics?resolution=1s&from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z')
    expect(res.status).toBe(400)
  })
})
