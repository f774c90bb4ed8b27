/** Bearer tokens with scopes, DigitalOcean error bodies, and per-token rate limits on the sim clock. */
import { expect, it } from 'vitest'
import { describeTransports, TOKEN } from '../support/transports.js'

const APP_ONLY = 'app-only-token'
const MONITORING_ONLY = 'monitoring-only-token'
const BURSTY = 'bursty-token'

describeTransports(
  'DigitalOcean auth and rate limits',
  (h) => {
    const get = (path: string, token?: string) => h.fetch(h.doOrigin + path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    const appId = () => h.sim.digitalocean.app('orders-api').id
    const metrics = () => `/v2/monitoring/metrics/apps/cpu_percentage?app_id=${appId()}&start=1767222000&end=1767225600`

    it('answers a missing or bad token with 401, the reference body, x-request-id and rate-limit headers', async () => {
      for (const token of [undefined, 'wrong']) {
        const res = await get('/v2/apps', token)
        expect(res.status).toBe(401)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        const body = await res.json()
        expect(body).toEqual({ id: 'unauthorized', message: 'Unable to authenticate you.', request_id: res.headers.get('x-request-id') })
        expect(res.headers.get('ratelimit-limit')).toBe('5000')
      }
    })

    it('needs app:read for apps and logs, monitoring:read for app metrics (403 otherwise)', async () => {
      expect((await get('/v2/apps', APP_ONLY)).status).toBe(200)
      expect((await get(metrics(), MONITORING_ONLY)).status).toBe(200)
      for (const [path, token] of [[metrics(), APP_ONLY], ['/v2/apps', MONITORING_ONLY], [`/v2/apps/${appId()}/logs?type=RUN`, MONITORING_ONLY]] as const) {
        const res = await get(path, token)
        expect(res.status, path).toBe(403)
        expect(await res.json()).toEqual({ id: 'forbidden', message: 'You do not have access for the attempted action.', request_id: res.headers.get('x-request-id') })
        expect(res.headers.get('ratelimit-remaining')).not.toBeNull()
      }
    })

    it('counts every request in a sliding hour and says when the oldest expires', async () => {
      const first = await get('/v2/apps', TOKEN)
      const start = Math.ceil(h.sim.clock.now() / 1000) + 3600
      expect(first.headers.get('ratelimit-remaining')).toBe('4999')
      expect(first.headers.get('ratelimit-reset')).toBe(String(start))
      h.sim.clock.advance('30m')
      const second = await get('/v2/apps/nope', TOKEN)
      expect(second.status).toBe(404)
      expect(second.headers.get('ratelimit-remaining')).toBe('4998')
      expect(second.headers.get('ratelimit-reset')).toBe(String(start))
      h.sim.clock.advance('31m') // the first request has left the window
      const third = await get('/v2/apps', TOKEN)
      expect(third.headers.get('ratelimit-remaining')).toBe('4998')
      expect(third.headers.get('ratelimit-reset')).toBe(String(start - 3600 + 1800 + 3600))
    })

    it('answers over the burst limit with 429, remaining 0 and retry-after; a client honouring it recovers', async () => {
      let res: Response | undefined
      for (let i = 0; i < 5; i++) res = await get('/v2/apps', BURSTY)
      expect(res!.status).toBe(429)
      expect(res!.headers.get('ratelimit-remaining')).toBe('0')
      const retryAfter = Number(res!.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(await res!.json()).toEqual({ id: 'too_many_requests', message: 'API Rate limit exceeded.', request_id: res!.headers.get('x-request-id') })

      // a client that sleeps retry-after seconds (on the simulated clock) and tries again
      const client = async (path: string) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const r = await get(path, BURSTY)
          if (r.status !== 429) return r
          h.sim.clock.advance(`${Number(r.headers.get('retry-after') ?? 1)}s`)
        }
        throw new Error('gave up')
      }
      expect((await client('/v2/apps')).status).toBe(200)
    })

    it('answers 429 without retry-after once the hourly window is exhausted, until requests expire', async () => {
      h.sim.digitalocean.exhaustRateLimit(TOKEN)
      const res = await get('/v2/apps', TOKEN)
      expect(res.status).toBe(429)
      expect(res.headers.get('ratelimit-remaining')).toBe('0')
      expect(res.headers.get('retry-after')).toBeNull()
      h.sim.clock.advance('58m') // still used up: the window was filled with requests of a minute ago
      expect((await get('/v2/apps', TOKEN)).status).toBe(429)
      h.sim.clock.advance('2m')
      expect((await get('/v2/apps', TOKEN)).status).toBe(200)
    })
  },
  {
    tokens: ['test-token', { token: APP_ONLY, scopes: ['app:read'] }, { token: MONITORING_ONLY, scopes: ['monitoring:read'] }, BURSTY],
    rateLimit: { burst: 4 },
  },
)
