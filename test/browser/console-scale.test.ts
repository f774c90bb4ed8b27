/**
 * The console on a running clock and a big world: pause, resume and a new speed from the page
 * (what the API answers agrees), 100 more apps in the world view, and a burst of 2,000 requests
 * that the journal view takes in with a bounded number of rows.
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
