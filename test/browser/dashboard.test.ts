/**
 * paasim in a real browser: examples/browser-dashboard built with esbuild for the browser (with
 * `paasim` pointed at these sources) and opened in headless Chromium, where msw's `setupWorker`
 * serves both simulated APIs to the page.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserOptions, browserStubs } from '../../scripts/esbuild-shared.mjs'
import { buildDashboard } from '../../examples/browser-dashboard/build.mjs'
import { inkedPixels, launchChromium, serveFolder } from '../support/chromium.js'

const root = join(import.meta.dirname, '..', '..')
const example = join(root, 'examples', 'browser-dashboard')

describe('the browser bundle of paasim', () => {
  it('needs no Node built-ins, Express or Buffer', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'paasim-browser-'))
    try {
      const result = await build({ ...browserOptions(root, outdir), write: false, metafile: true })
      const inputs = Object.keys(result.metafile!.inputs)
      expect(inputs.filter((f) => /^node:|node_modules\/(express|ws|selfsigned)\//.test(f))).toEqual([])
      const code = result.outputFiles!.map((f) => f.text).join('\n')
      expect(code.match(/from\s*["']node:[\w/]+|import\(["']node:[\w/]+/g)).toBeNull()
      // paasim's own modules call no Buffer API (bytes.ts measures with it only where it exists; faker checks too)
      const ours = inputs.filter((f) => f.startsWith('src/'))
      const withBuffer: string[] = []
      for (const f of ours) if (/\bBuffer\.(from|alloc|allocUnsafe|concat|isBuffer)\b/.test(await readFile(join(root, f), 'utf8'))) withBuffer.push(f)
      expect(withBuffer).toEqual([])
      expect(ours).toContain('src/sim.ts')
    } finally {
      await rm(outdir, { recursive: true, force: true })
    }
  })
})

describe('examples/browser-dashboard in headless Chromium', () => {
  let dir: string
  let site: Awaited<ReturnType<typeof serveFolder>>
  let browser: Browser
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paasim-dashboard-'))
    await copyFile(join(example, 'index.html'), join(dir, 'index.html'))
    await buildDashboard({ outdir: join(dir, 'dist'), alias: { paasim: join(root, 'src', 'index.ts') }, plugins: [browserStubs(join(root, 'src'))] })
    site = await serveFolder(dir)
    browser = await launchChromium()
    page = await browser.newPage()
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${site.origin}/`)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 30_000 })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('lists the apps of both providers', async () => {
    const names = await page.$$eval('#do-apps li, #akkeris-apps li', (items) => items.map((li) => li.textContent))
    expect(names.length).toBeGreaterThan(2)
    expect(names).toContain('shop-frontend')
  })

  it('tails an Akkeris log session and a DigitalOcean live log as the clock moves', async () => {
    await page.waitForFunction(() => (document.getElementById('akkeris-log')?.textContent ?? '').split('\n').filter(Boolean).length >= 1)
    const before = await page.$eval('#akkeris-log', (el) => el.textContent!.split('\n').filter(Boolean).length)
    await page.click('#advance')
    await page.click('#advance')
    await page.waitForFunction((n) => (document.getElementById('akkeris-log')?.textContent ?? '').split('\n').filter(Boolean).length > n, before)
    await page.waitForFunction(() => (document.getElementById('do-log')?.textContent ?? '').trim().length > 0)
    const akkeris = await page.$eval('#akkeris-log', (el) => el.textContent!)
    expect(akkeris).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/m) // Akkeris lines start with an ISO time
    expect(await page.$eval('#clock', (el) => el.textContent)).toBe('2026-03-01T12:02:00Z')
  })

  it('draws the metric series on the chart', async () => {
    const points = Number(await page.$eval('#chart', (el) => (el as HTMLCanvasElement).dataset.points))
    expect(points).toBeGreaterThan(10)
    const inked = await inkedPixels(page, '#chart')
    expect(inked).toBeGreaterThan(500)
    const shot = await page.screenshot({ fullPage: true })
    expect(shot.byteLength).toBeGreaterThan(10_000)
    await mkdir(join(root, 'test-results'), { recursive: true })
    await writeFile(join(root, 'test-results', 'browser-dashboard.png'), shot) // for people to look at
    expect(errors).toEqual([])
  })
})
