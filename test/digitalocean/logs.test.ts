/** App Platform logs: validation, live URLs over plain HTTP, historic archives, and every log type. */
import { expect, it } from 'vitest'
import { lineReader, settle } from '../support/streams.js'
import { describeTransports } from '../support/transports.js'

/** `<component> <RFC3339Nano UTC> <message>` */
const DO_LINE = /^[a-z][a-z0-9-]* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*$/

describeTransports('DigitalOcean logs', (h) => {
  const app = (name: string) => h.sim.digitalocean.app(name)
  const urls = async (path: string) => {
    const res = await h.doApi(path)
    expect(res.status, path).toBe(200)
    const body = await res.json()
    expect(Object.keys(body).sort()).toEqual(['historic_urls', 'live_url'])
    return body as { live_url: string; historic_urls: string[] }
  }

  it('requires a valid type and validates follow, tail_lines and pod_connection_timeout (400 with the error body)', async () => {
    const id = app('shop-frontend').id
    for (const q of ['', 'type=LOUD', 'type=RUN&follow=maybe', 'type=RUN&tail_lines=ten', 'type=RUN&pod_connection_timeout=soon', 'type=JOB_INVOCATION']) {
      const res = await h.doApi(`/v2/apps/${id}/logs?${q}`)
      expect(res.status, q).toBe(400)
      const body = await res.json()
      expect(body).toMatchObject({ id: 'bad_request', request_id: res.headers.get('x-request-id') })
      expect(body.message).toEqual(expect.any(String))
    }
  })

  it('404s an unknown app, deployment or component, and the active-deployment paths of an app without one', async () => {
    const a = app('shop-frontend')
    const fresh = await h.sim.digitalocean.createApp({ name: 'no-deploys', components: [{ name: 'web' }] })
    for (const path of [
      '/v2/apps/nope/logs?type=RUN',
      `/v2/apps/${a.id}/deployments/nope/logs?type=BUILD`,
      `/v2/apps/${a.id}/components/nope/logs?type=RUN`,
      `/v2/apps/${a.id}/logs?type=RUN&component_name=nope`,
      `/v2/apps/${fresh.id}/logs?type=RUN`,
    ]) {
      expect((await h.doApi(path)).status, path).toBe(404)
    }
  })

  it('gives RUN logs of the active deployment a live URL that streams the current lines over HTTP (follow=false)', async () => {
    const a = app('shop-frontend')
    const { live_url, historic_urls } = await urls(`/v2/apps/${a.id}/logs?type=RUN&tail_lines=20&component_name=web`)
    expect(live_url.startsWith(`${h.doOrigin}/v2/live-logs?token=`)).toBe(true)
    expect(historic_urls).toHaveLength(1)
    const res = await h.fetch(live_url) // no Authorization: the token in the URL is the credential
    expect(res.status).toBe(200)
    const lines = await lineReader(res).rest()
    expect(lines).toHaveLength(20)
    for (const line of lines) expect(line).toMatch(DO_LINE)
    for (const line of lines) expect(line.startsWith('web ')).toBe(true)
  })

  it('follows RUN logs as simulated time passes', async () => {
    const a = app('orders-api')
    const { live_url } = await urls(`/v2/apps/${a.id}/components/api/logs?type=RUN&follow=true&tail_lines=1`)
    const controller = new AbortController()
    const reader = lineReader(await h.fetch(live_url, { signal: controller.signal }))
    const [first] = await reader.take(1)
    expect(first).toMatch(DO_LINE)
    h.sim.clock.advance('2m')
    const more = await reader.take(30)
    expect(more).toHaveLength(30)
    const stamps = more.map((l) => l.split(' ')[1])
    expect(stamps).toEqual([...stamps].sort())
    expect(Date.parse(stamps[0])).toBeGreaterThanOrEqual(Date.parse(first.split(' ')[1]))
    controller.abort()
  })

  it('streams an in-progress BUILD live until the build ends, then closes', async () => {
    const a = app('orders-api')
    const inProgress = h.sim.digitalocean.deployments(a.id).at(-1)!
    const { live_url } = await urls(`/v2/apps/${a.id}/deployments/${inProgress.record.id}/logs?type=BUILD&follow=true&component_name=api`)
    expect(live_url).not.toBe('')
    const reader = lineReader(await h.fetch(live_url))
    h.sim.clock.advance('10m')
    const lines = await reader.rest()
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) expect(line).toMatch(/^api /)
    expect(lines.at(-1)).toMatch(/✔ build complete|✘ build failed/)
  })

  it('serves a finished deployment through historic_urls only, as text, and expires them', async () => {
    const a = app('legacy-reports')
    const failed = h.sim.digitalocean.deployments(a.id).at(-1)!
    const { live_url, historic_urls } = await urls(`/v2/apps/${a.id}/deployments/${failed.record.id}/logs?type=BUILD`)
    expect(live_url).toBe('')
    const archive = await h.fetch(historic_urls[0])
    expect(archive.status).toBe(200)
    expect(archive.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await archive.text()
    const lines = text.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(DO_LINE)
    expect(text).toMatch(/╭─+ git repo clone/)
    expect(lines.at(-1)).toMatch(/✘ build failed/)
    h.sim.clock.advance('16m')
    expect((await h.fetch(historic_urls[0])).status).toBe(403)
    expect((await h.fetch(historic_urls[0].replace(/.$/, (c) => (c === '0' ? '1' : '0')))).status).toBe(403)
  })

  it("puts the job's own output between a job invocation's start and verdict lines", async () => {
    const a = app('orders-api')
    for (const succeeds of [true, false]) {
      const inv = await h.sim.digitalocean.createJobInvocation(a.id, 'migrate', { succeeds, agoMs: 10 * 60_000 })
      const { historic_urls } = await urls(`/v2/apps/${a.id}/jobs/migrate/invocations/${inv.id}/logs?type=JOB_INVOCATION&tail_lines=-1`)
      const lines = (await (await h.fetch(historic_urls[0])).text()).trimEnd().split('\n')
      expect(lines[0]).toMatch(/^migrate .* Starting job migrate/)
      expect(lines.at(-1)).toMatch(succeeds ? /Job completed successfully$/ : /Job failed/)
      const output = lines.slice(1, -1)
      expect(output.length, `succeeds=${succeeds}`).toBeGreaterThan(0)
      for (const line of output) expect(line).toMatch(/^migrate \S+Z (?!Starting job|Job )/)
    }
  })

  it('has no RUN or RUN_RESTARTED lines for a deployment that failed before it went live', async () => {
    const a = app('legacy-reports')
    const failed = h.sim.digitalocean.deployments(a.id).find((d) => d.state.phase === 'ERROR')!
    for (const type of ['RUN', 'RUN_RESTARTED']) {
      const { live_url, historic_urls } = await urls(`/v2/apps/${a.id}/deployments/${failed.record.id}/logs?type=${type}&follow=false&tail_lines=-1`)
      expect(live_url, type).toBe('')
      expect(await (await h.fetch(historic_urls[0])).text(), type).toBe('')
    }
  })

  it('follows RUN of a deployment that will fail until pod_connection_timeout, with no lines', async () => {
    const a = app('shop-frontend')
    const failing = await h.sim.digitalocean.createDeployment(a.id, { outcome: 'build_error' })
    const { live_url } = await urls(`/v2/apps/${a.id}/deployments/${failing.record.id}/logs?type=RUN&follow=true&pod_connection_timeout=2m`)
    expect(live_url).not.toBe('')
    const rest = lineReader(await h.fetch(live_url)).rest()
    await settle(50) // the stream is waiting for an instance
    h.sim.clock.advance('2m')
    expect(await rest).toEqual([])
  })

  it('shows the rollout in DEPLOY logs', async () => {
    const a = app('shop-frontend')
    const active = h.sim.digitalocean.deployments(a.id).find((d) => d.state.phase === 'ACTIVE')!
    const { historic_urls } = await urls(`/v2/apps/${a.id}/deployments/${active.record.id}/components/web/logs?type=DEPLOY`)
    const text = await (await h.fetch(historic_urls[0])).text()
    expect(text.trimEnd().split('\n').length).toBeGreaterThan(3)
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^web /)
  })

  it('shows the crashed worker’s last lines in RUN_RESTARTED, agreeing with restart_count and health', async () => {
    const a = app('billing-worker')
    const { historic_urls } = await urls(`/v2/apps/${a.id}/logs?type=RUN_RESTARTED&component_name=billing`)
    const text = await (await h.fetch(historic_urls[0])).text()
    expect(text).toMatch(/Error|error|Killed|OOM|memory|exit/)
    const now = Math.floor(h.sim.clock.now() / 1000)
    const metrics = await (await h.doApi(`/v2/monitoring/metrics/apps/restart_count?app_id=${a.id}&start=${now - 600}&end=${now}&app_component=billing`)).json()
    const counts = metrics.data.result.map((s: { values: Array<[number, string]> }) => Number(s.values.at(-1)![1]))
    expect(counts.every((c: number) => c > 0)).toBe(true)
    const { app_health } = await (await h.doApi(`/v2/apps/${a.id}/health`)).json()
    expect(app_health.components.find((c: { name: string }) => c.name === 'billing').state).toBe('UNHEALTHY')
  })

  it('serves job-invocation and autoscale-event logs', async () => {
    const orders = app('orders-api')
    const { job_invocations } = await (await h.doApi(`/v2/apps/${orders.id}/job-invocations`)).json()
    const failed = job_invocations.find((j: { phase: string }) => j.phase === 'FAILED')
    const job = await urls(`/v2/apps/${orders.id}/jobs/migrate/invocations/${failed.id}/logs?type=JOB_INVOCATION`)
    const jobText = await (await h.fetch(job.historic_urls[0])).text()
    expect(jobText).toMatch(/^migrate .* Starting job migrate/m)
    expect(jobText.trimEnd().split('\n').at(-1)).toMatch(/Job failed/)
    expect((await h.doApi(`/v2/apps/${orders.id}/jobs/migrate/invocations/${failed.id}/logs?type=RUN`)).status).toBe(400)

    const shop = app('shop-frontend')
    const { events } = await (await h.doApi(`/v2/apps/${shop.id}/events`)).json()
    const ev = await urls(`/v2/apps/${shop.id}/events/${events[0].id}/logs?type=AUTOSCALE_EVENT`)
    const evText = await (await h.fetch(ev.historic_urls[0])).text()
    expect(evText).toMatch(/scaling web from 2 to 3 instances/)
  })
})
