/**
 * The console on a running clock and a big world: pause, resume and a new speed from the page
 * (what the API answers agrees), 100 more apps in the world view, a tail of about 1,000 lines a
 * second that the logs view keeps up with (measured: long tasks, click to frame, lines rendered a
 * second; asserted on counts), and a burst of 2,000 requests that the journal view takes in with
 * a bounded number of rows.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { launchChromium } from '../support/chromium.js'

const shots = join(import.meta.dirname, '..', '..', 'test-results')

describe('the console on a scaled clock with 100 more apps', () => {
  let sim: Simulation
  let server: RunningServer
  let browser: Browser
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    sim = createSim({ seed: 3, clock: 'scaled', speed: 60, control: true })
    await sim.ready
    for (let i = 0; i < 100; i++) await sim.akkeris.createApp({ name: `load${i}`, space: 'scale', formation: { web: 1 } })
    // 1,700 requests a simulated minute on the ×60 clock: about 1,000 log lines a real second at this time of day
    await sim.akkeris.createApp({ name: 'busy', space: 'scale', formation: { web: 4 }, requestsPerMinute: 1700 })
    server = await sim.listen({ port: 0 })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${server.url}/__paasim/ui/`)
    await page.waitForFunction(() => document.querySelectorAll('#akkeris-apps tbody tr').length > 100, undefined, { timeout: 30_000 })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    sim?.dispose()
  })

  it('shows every app', async () => {
    expect(await page.$$eval('#akkeris-apps tbody tr', (rows) => rows.length)).toBe(sim.akkeris.apps().length)
    expect(await page.textContent('#clock-mode')).toBe('scaled ×60')
  })

  it('keeps up with a tail of 1,000 lines a second: capped rows, one DOM update a frame, a click that acts at once', async () => {
    await page.click('nav a[data-view="logs"]')
    await page.selectOption('#logs-source', 'akkeris|busy-scale')
    await page.evaluate(() => {
      const m = { longTasks: [] as number[], frames: 0, updates: 0, running: true }
      ;(window as unknown as { scale: typeof m }).scale = m
      new PerformanceObserver((list) => list.getEntries().forEach((e) => m.longTasks.push(e.duration))).observe({ type: 'longtask' })
      const frame = () => m.running && (m.frames++, requestAnimationFrame(frame))
      requestAnimationFrame(frame)
      new MutationObserver(() => m.updates++).observe(document.getElementById('logs-lines')!, { childList: true })
    })
    await page.click('#logs-start')
    const started = Date.now()
    await new Promise((r) => setTimeout(r, 5000))
    const received = () => page.$eval('#logs-count', (e) => Number(e.textContent!.split(' ')[0]))
    const during = await page.evaluate(() => (window as unknown as { scale: { longTasks: number[]; frames: number; updates: number } }).scale)
    const lines = await received()
    const seconds = (Date.now() - started) / 1000
    // a click, from the input event to the frame that shows its effect
    const clickToFrame = page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.getElementById('logs-pause')!.addEventListener('click', (e) => requestAnimationFrame(() => resolve(performance.now() - e.timeStamp)), { once: true }),
        ),
    )
    await page.click('#logs-pause')
    const clickMs = await clickToFrame
    const rows = await page.$$eval('#logs-lines > div', (divs) => divs.length)
    const updatesAtPause = await page.evaluate(() => (window as unknown as { scale: { updates: number } }).scale.updates)
    const receivedAtPause = await received()
    await new Promise((r) => setTimeout(r, 1000))
    const afterPause = await page.evaluate(() => (window as unknown as { scale: { updates: number } }).scale.updates)
    const stillReceiving = (await received()) > receivedAtPause
    await page.screenshot({ path: join(shots, 'console-logs-scale.png') })
    await page.click('#logs-start') // stop
    const long = during.longTasks
    console.log(
      `console at scale: ${lines} lines in ${seconds.toFixed(1)} s (${Math.round(lines / seconds)} a second), ${during.updates} DOM updates in ${during.frames} frames, ` +
        `${long.length} long tasks (longest ${Math.round(Math.max(0, ...long))} ms, ${Math.round(long.reduce((a, b) => a + b, 0))} ms in all), click to frame ${Math.round(clickMs)} ms`,
    )
    expect(lines).toBeGreaterThan(1000) // the tail keeps pace (about 1,000 a second are sent)
    expect(rows).toBe(1000) // the DOM keeps the newest 1,000
    expect(during.updates).toBeLessThanOrEqual(during.frames + 1) // lines go in once per frame, not per line
    expect(afterPause).toBe(updatesAtPause) // the pause takes effect at once: no row changes after it
    expect(stillReceiving).toBe(true) // while lines keep arriving (kept for the resume)
    await page.click('nav a[data-view="world"]')
  })

  it('pauses, sets the speed and resumes the clock from the page', async () => {
    await page.click('#clock-pause')
    await page.waitForFunction(() => document.getElementById('clock-mode')!.textContent === 'scaled ×60, paused')
    expect(sim.clock.paused).toBe(true)
    const shown = await page.textContent('#clock-now')
    expect(shown).toBe(sim.clock.iso().replace(/\.\d{3}Z$/, 'Z'))
    await new Promise((r) => setTimeout(r, 300))
    expect(await page.textContent('#clock-now')).toBe(shown) // stopped on the page too
    await page.fill('#clock-speed', '600')
    await page.click('#clock-set-speed')
    await page.waitForFunction(() => document.getElementById('clock-mode')!.textContent === 'scaled ×600, paused')
    await page.click('#clock-pause')
    await page.waitForFunction(() => document.getElementById('clock-mode')!.textContent === 'scaled ×600')
    expect([sim.clock.speed, sim.clock.paused]).toEqual([600, false])
    await page.waitForFunction((s) => document.getElementById('clock-now')!.textContent !== s, shown)
  })

  it('takes a burst of 2,000 requests into the journal with at most 300 rows', async () => {
    await page.click('nav a[data-view="journal"]')
    const headers = { authorization: `Bearer ${DEFAULT_TOKEN}` }
    for (let i = 0; i < 20; i++) await Promise.all(Array.from({ length: 100 }, () => fetch(`${server.url}/apps/load${i}-scale`, { headers })))
    await page.waitForFunction(() => Number(document.getElementById('journal-count')!.textContent!.split(' ')[0]) >= 2000, undefined, { timeout: 30_000 })
    expect(await page.$$eval('#journal tbody tr', (rows) => rows.length)).toBe(300)
    expect(await page.textContent('#journal tbody tr td:nth-child(4)')).toBe('/apps/load19-scale') // newest on top
    await page.screenshot({ path: join(shots, 'console-clock-scaled.png') })
    expect(errors).toEqual([])
  })
})
