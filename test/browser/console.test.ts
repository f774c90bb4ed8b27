/**
 * The console at `/__paasim/ui/`, driven in headless Chromium as a person would, against a world
 * on a manual clock: the clock advanced from the page moves builds, logs and charts; a fault rule
 * added from the page fails the next request in the journal. A screenshot per view lands in
 * test-results/ for people to look at.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { inkedPixels, launchChromium } from '../support/chromium.js'

const shots = join(import.meta.dirname, '..', '..', 'test-results')
const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` }

describe('the console in headless Chromium', () => {
  let sim: Simulation
  let server: RunningServer
  let browser: Browser
  let page: Page
  const errors: string[] = []
  const requested = new Set<string>()

  const view = async (name: string) => {
    await page.click(`nav a[data-view="${name}"]`)
    await page.waitForFunction((v) => document.body.dataset.view === v, name)
  }
  const screenshot = (name: string) => page.screenshot({ path: join(shots, `console-${name}.png`), fullPage: true })
  const advance = async (step: string) => {
    const before = await page.evaluate(() => document.body.dataset.clock)
    await page.selectOption('#clock-step', step)
    await page.click('#clock-advance')
    await page.waitForFunction((b) => document.body.dataset.clock !== b, before)
  }

  beforeAll(async () => {
    sim = createSim({ seed: 7, clock: 'manual' })
    await sim.ready
    server = await sim.listen({ port: 0, control: true })
    await mkdir(shots, { recursive: true })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('pageerror', (err) => errors.push(err.message))
    page.on('request', (request) => requested.add(`${request.method()} ${new URL(request.url()).pathname}`))
    await page.goto(`${server.url}/__paasim/ui/`)
    await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.querySelectorAll('#akkeris-apps tbody tr').length > 0, undefined, { timeout: 30_000 })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    sim?.dispose()
  })

  it('shows the clock and both providers’ apps as the API has them', async () => {
    expect(await page.textContent('#clock-now')).toBe('2026-01-01T00:00:00Z')
    expect(await page.textContent('#clock-mode')).toBe('manual')
    const akkeris = await page.$$eval('#akkeris-apps tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.app))
    expect(akkeris).toEqual(sim.akkeris.apps().map((a) => a.key))
    const digitalocean = await page.$$eval('#do-apps tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.app))
    expect(digitalocean).toEqual(sim.digitalocean.apps().map((a) => a.id))
    await screenshot('world')
  })

  it('advances the clock from the page and the world follows: a queued build finishes', async () => {
    const app = sim.akkeris.apps()[0].key
    const build = await sim.akkeris.createBuild(app)
    await advance('10s') // any clock change makes the page read the world again
    const chip = `#akkeris-apps tr[data-app="${app}"] .builds .chip[title^="${build.id}"]`
    expect(await page.textContent(chip)).toBe(sim.akkeris.build(app, build.id).status)
    await advance('10m')
    await page.waitForFunction((c) => document.querySelector(c)?.textContent === 'succeeded', chip)
    expect(sim.akkeris.build(app, build.id).status).toBe('succeeded') // what the API says at the same moment
    expect(await page.textContent('#clock-now')).toBe(sim.clock.iso().replace(/\.\d{3}Z$/, 'Z'))
  })

  it('tails an Akkeris log session and a DigitalOcean live URL: lines appear as the clock moves, the DOM stays bounded', async () => {
    await view('logs')
    await page.selectOption('#logs-source', `akkeris|${sim.akkeris.apps()[0].key}`)
    await page.click('#logs-start')
    await page.waitForFunction(() => document.querySelectorAll('#logs-lines div').length > 0)
    const before = await page.$$eval('#logs-lines div', (d) => d.length)
    await advance('1m')
    await page.waitForFunction((n) => document.querySelectorAll('#logs-lines div').length > n, before)
    await page.fill('#logs-filter', 'router')
    const shown = await page.$$eval('#logs-lines div', (d) => d.map((x) => x.textContent!))
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((line) => line.includes('router'))).toBe(true)
    await page.fill('#logs-filter', '')
    await advance('1h') // a catch-up of thousands of lines: rendered in frames, at most 1,000 kept in the DOM
    await page.waitForFunction(() => /^\d+ lines received/.test(document.getElementById('logs-count')!.textContent!) && Number(document.getElementById('logs-count')!.textContent!.split(' ')[0]) > 1000)
    expect(await page.$$eval('#logs-lines div', (d) => d.length)).toBeLessThanOrEqual(1000)
    // a log session lasts 30 minutes at most: the jump ended it, and the page marks where
    await page.waitForFunction(() => document.querySelector('#logs-lines .marker')?.textContent === '— the stream ended —')
    expect(await page.textContent('#logs-start')).toBe('Tail')
    await screenshot('logs')
    const doApp = sim.digitalocean.apps().find((a) => a.components.some((c) => c.kind === 'service'))!
    const component = doApp.components.find((c) => c.kind === 'service')!.name
    await page.selectOption('#logs-source', `do|${doApp.id}|${component}`)
    await page.click('#logs-start')
    await page.waitForFunction((c) => [...document.querySelectorAll('#logs-lines div')].some((d) => d.textContent!.startsWith(`${c} `)), component)
    await page.click('#logs-start') // stop
    expect(await page.textContent('#logs-start')).toBe('Tail')
  })

  it('charts the metrics and the chart gains points at its end as the clock moves', async () => {
    await view('metrics')
    await page.selectOption('#metrics-source', `akkeris|${sim.akkeris.apps()[0].key}`)
    await page.waitForFunction(() => Number(document.getElementById('metrics-charts')!.dataset.points) > 0 && document.querySelectorAll('#metrics-charts figure').length === 3)
    expect(await page.$$eval('#metrics-charts figure', (f) => f.map((x) => (x as HTMLElement).dataset.chart))).toEqual(['CPU', 'Memory', 'Filesystem'])
    const to = Number(await page.getAttribute('#metrics-charts', 'data-to'))
    await advance('10m')
    await page.waitForFunction((t) => Number(document.getElementById('metrics-charts')!.dataset.to) >= t + 600, to)
    const inked = await inkedPixels(page, '#metrics-charts canvas')
    expect(inked).toBeGreaterThan(500)
    // over the last day, the release of the build finished earlier is marked where the dynos restarted
    await page.selectOption('#metrics-window', '86400')
    await page.waitForFunction(() => Number(document.getElementById('metrics-charts')!.dataset.markers) >= 1 && document.querySelectorAll('#metrics-charts figure').length === 3)
    await screenshot('metrics-akkeris')
    const doApp = sim.digitalocean.apps().find((a) => a.components.some((c) => c.kind === 'service'))!
    const component = doApp.components.find((c) => c.kind === 'service')!.name
    await page.selectOption('#metrics-window', '3600')
    await page.selectOption('#metrics-source', `do|${doApp.id}|${component}`)
    await page.waitForFunction(() => [...document.querySelectorAll('#metrics-charts figure')].map((f) => (f as HTMLElement).dataset.chart).join() === 'CPU,Memory,Restarts')
    await screenshot('metrics')
  })

  it('adds a fault rule from the page; the next request fails in the journal', async () => {
    await view('faults')
    await page.fill('#fault-form [name=operationId]', 'apps.list')
    await page.fill('#fault-form [name=status]', '503')
    await page.fill('#fault-form [name=times]', '1')
    await page.click('#fault-form button[type=submit]')
    await page.waitForSelector('#faults-table tbody tr')
    const [rule] = sim.faults.list()
    expect(rule).toMatchObject({ operationId: 'apps.list', status: 503, times: 1 })
    await screenshot('faults')
    await view('journal')
    expect((await fetch(`${server.url}/apps`, { headers: auth })).status).toBe(503)
    expect((await fetch(`${server.url}/apps`, { headers: auth })).status).toBe(200)
    await page.waitForFunction(() => document.querySelectorAll('#journal tbody tr.fault').length === 1)
    const failed = await page.$$eval('#journal tbody tr.fault td', (tds) => tds.map((td) => td.textContent))
    expect(failed.slice(1)).toEqual(['akkeris', 'GET', '/apps', 'apps.list', '503', `#${rule.id} status`])
    await page.fill('#journal-filter', 'apps.list 200')
    expect(await page.$$eval('#journal tbody tr', (rows) => rows.length)).toBe(1)
    await page.fill('#journal-filter', '')
    await screenshot('journal')
    await view('faults')
    await page.click(`#faults-table button[data-remove="${rule.id}"]`)
    await page.waitForFunction(() => document.querySelectorAll('#faults-table tbody tr').length === 0)
    expect(sim.faults.list()).toEqual([])
  })

  it('starts incidents and uses up a rate limit from the page', async () => {
    await view('faults')
    const app = sim.digitalocean.apps()[1]
    await page.selectOption('#incident-app', `digitalocean|${app.id}`)
    const before = sim.digitalocean.deployments(app.id).length
    await page.click('#incident-kinds button[data-kind="failed-deploy"]')
    await expect.poll(() => sim.digitalocean.deployments(app.id).length).toBe(before + 1)
    const started = sim.digitalocean.deployments(app.id).at(-1)!
    await advance('1h')
    expect(started.record.outcome).toBe('deploy_error')
    await view('world')
    await page.waitForFunction(([id, d]) => document.querySelector(`#do-apps tr[data-app="${id}"] .chip[title^="${d}"]`)?.textContent?.startsWith('ERROR'), [app.id, started.record.id])
    await view('faults')
    await page.waitForSelector(`#rate-limits tr[data-token="${DEFAULT_TOKEN}"]`)
    await page.click(`#rate-limits button[data-exhaust="${DEFAULT_TOKEN}"]`)
    await page.waitForFunction(() => document.querySelector('#rate-limits tbody td:nth-child(3)')?.textContent?.startsWith('0 /'))
    expect((await fetch(`${server.url}/v2/apps`, { headers: auth })).status).toBe(429)
    await page.click('#rate-limits-clear')
    await page.waitForFunction(() => !document.querySelector('#rate-limits tbody td:nth-child(3)')?.textContent?.startsWith('0 /'))
    expect((await fetch(`${server.url}/v2/apps`, { headers: auth })).status).toBe(200)
  })

  it('crashes a component from the page: the log line, the restart_count point and the state agree with the API', async () => {
    const doApp = sim.digitalocean.apps().find((a) => a.components.some((c) => c.kind === 'service'))!
    const component = doApp.components.find((c) => c.kind === 'service')!.name
    const doGet = async (path: string) => (await fetch(`${server.url}${path}`, { headers: auth })).json()
    // a tail open while it happens
    await view('logs')
    await page.selectOption('#logs-source', `do|${doApp.id}|${component}`)
    await page.click('#logs-start')
    await page.waitForFunction(() => document.querySelectorAll('#logs-lines div').length > 0)

    await view('faults')
    await page.selectOption('#incident-app', `digitalocean|${doApp.id}`)
    await page.selectOption('#incident-target', component)
    await page.click('#incident-kinds button[data-kind="crash"]')
    await page.waitForFunction(() => /^crash started at /.test(document.getElementById('status')!.textContent!))
    await advance('1m')

    // the crashed container's last line, as RUN_RESTARTED has it, reached the page's tail
    const archive = (await doGet(`/v2/apps/${doApp.id}/logs?type=RUN_RESTARTED&component_name=${component}&tail_lines=1`)).historic_urls[0]
    const [lastWords] = (await (await fetch(archive)).text()).trim().split('\n')
    expect(lastWords.startsWith(`${component} `)).toBe(true)
    await view('logs')
    await page.waitForFunction((line) => [...document.querySelectorAll('#logs-lines div')].some((d) => d.textContent === line), lastWords)
    await page.click('#logs-start') // stop
    await screenshot('incident-logs')

    // the restart_count chart rises, and the page marks the restart there
    await view('metrics')
    await page.selectOption('#metrics-window', '3600')
    await page.selectOption('#metrics-source', `do|${doApp.id}|${component}`)
    await page.waitForFunction(() => (document.getElementById('metrics-charts')!.dataset.markerLabels ?? '').split(' ').includes('restart'))
    await screenshot('incident-metrics')

    // the world view's state and counts are the API's at the same simulated moment
    const end = Math.floor(sim.clock.now() / 1000)
    const counts = await doGet(`/v2/monitoring/metrics/apps/restart_count?app_id=${doApp.id}&app_component=${component}&start=${end - 600}&end=${end}`)
    const health = (await doGet(`/v2/apps/${doApp.id}/health`)).app_health.components.find((c: { name: string }) => c.name === component)
    await view('world')
    const row = `#do-apps tr[data-app="${doApp.id}"] [data-component="${component}"]`
    await page.waitForFunction((r) => document.querySelector(r)?.getAttribute('data-state') === 'UNHEALTHY', row)
    expect(health.state).toBe('UNHEALTHY')
    for (const series of counts.data.result) {
      const alias = series.metric.app_component_instance
      expect(await page.getAttribute(`${row} [data-instance="${alias}"]`, 'data-restarts'), alias).toBe(series.values.at(-1)[1])
    }
    expect(counts.data.result.every((s: { values: Array<[number, string]> }) => Number(s.values.at(-1)![1]) >= 1)).toBe(true)
    await screenshot('incident-world')
  })

  it('crashes Akkeris dynos from the page: the world view shows what GET /apps/{app}/dynos answers', async () => {
    const app = sim.akkeris.apps()[0].key
    await view('faults')
    await page.selectOption('#incident-app', `akkeris|${app}`)
    await page.selectOption('#incident-target', 'web')
    await page.click('#incident-kinds button[data-kind="crash"]')
    await page.waitForFunction(() => /^crash started at /.test(document.getElementById('status')!.textContent!))
    await advance('10s') // inside the 10 s back-off
    const dynos: Array<{ type: string; name: string; state: string; restarts: number }> = await (await fetch(`${server.url}/apps/${app}/dynos`, { headers: auth })).json()
    const web = dynos.filter((d) => d.type === 'web')
    expect(web.map((d) => [d.state, d.restarts])).toEqual(web.map(() => ['app-crashed', 1]))
    await view('world')
    for (const d of dynos) {
      const chip = `#akkeris-apps tr[data-app="${app}"] [data-dyno="${d.type}.${d.name}"]`
      await page.waitForFunction(([c, state]) => document.querySelector(c)?.getAttribute('data-state') === state, [chip, d.state] as const)
      expect(await page.getAttribute(chip, 'data-restarts')).toBe(String(d.restarts))
    }
  })

  it('uses only documented control routes and public API routes', () => {
    const documented = [
      /^GET \/__paasim\/ui\/(console\.(js|css))?$/,
      /^(GET|POST) \/__paasim\/clock$/,
      /^GET \/__paasim\/(clock|journal)\/events$/,
      /^GET \/__paasim\/(world|rate-limits)$/,
      /^(GET|POST|DELETE) \/__paasim\/faults$/,
      /^DELETE \/__paasim\/faults\/\d+$/,
      /^POST \/__paasim\/(incidents|rate-limits\/exhaust)$/,
      /^DELETE \/__paasim\/rate-limits$/,
      /^POST \/apps\/[\w-]+\/log-sessions$/,
      /^GET \/log-sessions\/[\w-]+$/,
      /^GET \/v2\/apps\/[\w-]+\/components\/[\w-]+\/logs$/,
      /^GET \/v2\/live-logs$/,
      /^GET \/apps\/[\w-]+\/metrics$/,
      /^GET \/v2\/monitoring\/metrics\/apps\/(cpu_percentage|memory_percentage|restart_count)$/,
    ]
    const undocumented = [...requested].filter((r) => !documented.some((d) => d.test(r)))
    expect(undocumented).toEqual([])
    expect(requested.size).toBeGreaterThan(10)
  })

  it('leaves no subscription behind when the page closes', async () => {
    expect(sim.journal.subscribers).toBeGreaterThan(0)
    await page.close()
    await expect.poll(() => [sim.journal.subscribers, sim.clock.listeners]).toEqual([0, 0])
    expect(errors).toEqual([])
  })
})
