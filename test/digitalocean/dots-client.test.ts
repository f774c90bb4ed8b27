/**
 * The official TypeScript client, @digitalocean/dots, pointed at `paasim serve` with nothing
 * changed but its base URL: apps, deployments, logs of every type (live and historic), metrics,
 * and the 401, 403, 404 and 429 answers it understands.
 * @note dots 1.19's compiled JS calls kiota's getCollectionOfPrimitiveValues() without a type, which
 * kiota-serialization-json ≥ preview.103 rejects (on the real API too); the dev dependency pins
 * preview.102, which infers the type.
 */
import { createDigitalOceanClient, DigitalOceanApiKeyAuthenticationProvider } from '@digitalocean/dots'
import { FetchRequestAdapter } from '@microsoft/kiota-http-fetchlibrary'
import { afterEach, describe, expect, it } from 'vitest'
import { createSim, type SimOptions, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'

const DO_LINE = /^[a-z][a-z0-9-]* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*$/

describe('@digitalocean/dots against paasim serve', () => {
  let sim: Simulation
  let server: RunningServer
  afterEach(async () => {
    sim.dispose()
    await server.close()
  })

  async function start(options: SimOptions = {}) {
    sim = createSim({ seed: 21, tokens: ['full', { token: 'apps-only', scopes: ['app:read'] }], ...options })
    server = await sim.listen({ port: 0 })
  }

  function client(token: string) {
    const adapter = new FetchRequestAdapter(new DigitalOceanApiKeyAuthenticationProvider(token))
    adapter.baseUrl = server.url
    return createDigitalOceanClient(adapter)
  }

  it('lists apps and deployments and reads logs of every type, live and historic', async () => {
    await start()
    const dots = client('full')
    const listed = await dots.v2.apps.get({ queryParameters: { perPage: 2 } })
    expect(listed?.meta?.total).toBe(4)
    expect(listed?.apps).toHaveLength(2)
    expect(listed?.links?.pages?.additionalData?.next ?? (listed?.links?.pages as { next?: string })?.next).toContain('page=2')
    const orders = sim.digitalocean.app('orders-api')
    const app = await dots.v2.apps.byApp_Id(orders.id).get()
    expect(app?.app?.spec?.name).toBe('orders-api')
    expect(app?.app?.activeDeployment?.phase).toBe('ACTIVE')
    expect(app?.app?.inProgressDeployment?.phase).toMatch(/PENDING_BUILD|BUILDING/)
    const deployments = await dots.v2.apps.byApp_Id(orders.id).deployments.get()
    expect(deployments?.deployments?.map((d: { phase?: string }) => d.phase)).toEqual(['BUILDING', 'ACTIVE'])
    const active = deployments!.deployments![1]

    for (const type of ['BUILD', 'DEPLOY', 'RUN', 'RUN_RESTARTED'] as const) {
      const logs = await dots.v2.apps.byApp_Id(orders.id).deployments.byDeployment_id(active.id!).logs.get({ queryParameters: { type: type as never } })
      expect(logs?.historicUrls?.length, type).toBe(1)
      const text = await (await fetch(logs!.historicUrls![0])).text()
      for (const line of text.trimEnd().split('\n').filter(Boolean)) expect(line, type).toMatch(DO_LINE)
      if (type === 'RUN') {
        expect(logs?.liveUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/live-logs\?token=/)
        const live = await (await fetch(logs!.liveUrl!)).text()
        expect(live.trimEnd().split('\n').length).toBeGreaterThan(10)
      }
    }
    const component = await dots.v2.apps.byApp_Id(orders.id).components.byComponent_name('api').logs.get({ queryParameters: { type: 'RUN' as never } })
    expect(component?.liveUrl).toContain('/v2/live-logs?token=')
  })

  it('reads app metrics and health', async () => {
    await start()
    const dots = client('full')
    const billing = sim.digitalocean.app('billing-worker')
    const end = Math.floor(sim.clock.now() / 1000)
    const restarts = await dots.v2.monitoring.metrics.apps.restart_count.get({ queryParameters: { appId: billing.id, start: String(end - 3600), end: String(end) } })
    expect(restarts?.status).toBe('success')
    expect(restarts?.data?.result?.length).toBe(3)
    const health = await dots.v2.apps.byApp_Id(billing.id).health.get()
    expect(health?.appHealth?.components?.map((c: { name?: string }) => c.name)).toEqual(['billing', 'admin'])
  })

  it('surfaces 401, 403 and 404 with the DigitalOcean error body', async () => {
    await start()
    const id = sim.digitalocean.app('shop-frontend').id
    const failure = async (call: () => Promise<unknown>) => {
      try {
        await call()
      } catch (err) {
        return err as { responseStatusCode?: number; additionalData?: Record<string, unknown>; id?: string; message?: string }
      }
      throw new Error('expected the call to fail')
    }
    const unauthorized = await failure(() => client('wrong').v2.apps.get())
    expect(unauthorized.responseStatusCode).toBe(401)
    const forbidden = await failure(() => client('apps-only').v2.monitoring.metrics.apps.cpu_percentage.get({ queryParameters: { appId: id, start: '1767222000', end: '1767225600' } }))
    expect(forbidden.responseStatusCode).toBe(403)
    const missing = await failure(() => client('full').v2.apps.byApp_Id('00000000-0000-4000-8000-000000000000').get())
    expect(missing.responseStatusCode).toBe(404)
    expect(missing.id ?? missing.additionalData?.id).toBe('not_found')
  })

  it('recovers from 429 by honouring retry-after (dots retries on its own)', async () => {
    // a scaled clock: dots sleeps retry-after real seconds, long enough for the window to move on
    await start({ clock: 'scaled', speed: 60, rateLimit: { burst: 3 } })
    const dots = client('full')
    for (let i = 0; i < 3; i++) await dots.v2.apps.get()
    const raw = await fetch(`${server.url}/v2/apps`, { headers: { authorization: 'Bearer full' } })
    expect(raw.status).toBe(429)
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0)
    const after = await dots.v2.apps.get()
    expect(after?.meta?.total).toBe(4)
  }, 30_000)
})
