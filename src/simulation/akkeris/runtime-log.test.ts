import { describe, expect, it } from 'vitest'
import { STACKS } from '../types.js'
import {
  akkerisTimestamp,
  formatBuildLine,
  formatEventLine,
  lastRuntimeLines,
  lastSiteLines,
  runtimeLinesBetween,
  runtimeLinesInSecond,
  siteLinesBetween,
  siteLinesInSecond,
  type RuntimeAppProfile,
  type SiteProfile,
} from './runtime-log.js'

/** The official CLI's line parser. */
const CLI_LINE = /^([A-z0-9:\-+.]+Z) ([A-z\-0-9.]+) ([A-z.0-9/\[\]\-]+): /
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'
const IP = '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}'
const ROUTER = new RegExp(
  `^(\\S+Z) api-default akkeris/router: bytes=(\\d+) method=(GET|POST|PUT|PATCH|DELETE) request_id=(${UUID}) fwd=(${IP}) origin=(${IP}) ` +
    `status=(\\d{3}) service=(\\d+)ms total=(\\d+)ms source=(${IP}) dyno=(web\\.[a-z0-9-]+) host=api-default path=(/\\S*)$`,
)

const noon = Date.parse('2026-01-01T12:00:00Z') / 1000
const profile = (stack: RuntimeAppProfile['stack'], requestsPerMinute = 600): RuntimeAppProfile => ({
  seed: 42,
  appKey: 'api-default',
  stack,
  dynos: [
    { type: 'web', instance: 'web.5d8f6b9c7-x2x7z' },
    { type: 'web', instance: 'web.5d8f6b9c7-k9p2q' },
    { type: 'worker', instance: 'worker.7c9d8e6f5-m3n4b' },
  ],
  requestsPerMinute,
})
const site: SiteProfile = {
  seed: 42,
  domain: 'www.acme.example',
  routes: [
    { path: '/', appKey: 'web-default' },
    { path: '/api', appKey: 'api-default' },
  ],
  requestsPerMinute: 900,
}

describe('formatting helpers', () => {
  it('renders whole UTC seconds and the build/event prefixes', () => {
    const ms = Date.parse('2024-01-01T00:00:00.999Z')
    expect(akkerisTimestamp(ms)).toBe('2024-01-01T00:00:00Z')
    expect(formatBuildLine('api-default', ms, 'Finished: SUCCESS')).toBe('2024-01-01T00:00:00Z api-default akkeris/build: Finished: SUCCESS')
    expect(formatEventLine('api-default', ms, 'Slug compilation started')).toBe('2024-01-01T00:00:00Z api-default akkeris/event: Slug compilation started')
  })
})

describe('runtime log traffic', () => {
  it('matches the CLI parser on every line, for every stack, with the second as its timestamp', () => {
    for (const stack of STACKS) {
      const p = profile(stack)
      const bad: string[] = []
      for (let sec = noon; sec < noon + 120; sec++) {
        const ts = akkerisTimestamp(sec * 1000)
        for (const line of runtimeLinesInSecond(p, sec)) if (!CLI_LINE.test(line) || !line.startsWith(ts + ' api-default ')) bad.push(line)
      }
      expect(bad, stack).toEqual([])
    }
  })

  it('formats router lines exactly and pairs them with app lines from the serving web dyno', () => {
    const lines = runtimeLinesBetween(profile('node'), noon, noon + 300)
    const router = lines.filter((l) => l.includes(' akkeris/router: '))
    expect(router.length).toBeGreaterThan(1000)
    const statuses = new Map<number, number>()
    for (const line of router) {
      const m = ROUTER.exec(line)
      expect(m, line).not.toBeNull()
      const [, , , , , , , status, service, total] = m!
      expect(Number(total)).toBeGreaterThanOrEqual(Number(service))
      statuses.set(Number(status), (statuses.get(Number(status)) ?? 0) + 1)
    }
    expect(statuses.get(200)! / router.length).toBeGreaterThan(0.6)
    expect(statuses.has(304) && statuses.has(404)).toBe(true)
    const app = lines.filter((l) => / app\[web\./.test(l))
    expect(app.length).toBeGreaterThan(router.length * 0.4)
    // request ids logged by the app (pino reqId, Rails tags, slog request_id) name the dyno that served them
    const served = new Map(router.map((l) => { const m = ROUTER.exec(l)!; return [m[4], m[11]] as const }))
    for (const stack of STACKS) {
      const all = runtimeLinesBetween({ ...profile(stack), seed: 7 }, noon, noon + 60)
      const byId = new Map(all.filter((l) => l.includes('akkeris/router')).map((l) => { const m = ROUTER.exec(l)!; return [m[4], m[11]] as const }))
      for (const l of all.filter((x) => x.includes(' app[web.'))) {
        const id = new RegExp(UUID).exec(l.slice(l.indexOf(']: ')))?.[0]
        if (id) expect(l, stack).toContain(`app[${byId.get(id)}]`)
      }
    }
    expect(served.size).toBe(router.length)
    expect(lines.some((l) => l.includes('app[worker.7c9d8e6f5-m3n4b]: '))).toBe(true)
  })

  it('writes stack-flavoured app lines', () => {
    const app = (stack: RuntimeAppProfile['stack']): string =>
      runtimeLinesBetween(profile(stack), noon, noon + 60).filter((l) => l.includes(' app[')).join('\n')
    expect(app('node')).toMatch(/app\[web\.[^\]]+\]: (\{"level":30,"time":\d+|(GET|POST) \/\S* \d{3} \d+\.\d{3} ms - )/)
    expect(app('python')).toMatch(/app\[web\.[^\]]+\]: (\S+ - - \[\d\d\/Jan\/2026:12:00:\d\d \+0000\] "|INFO: {5}\S+ - ")/)
    expect(app('go')).toMatch(/app\[web\.[^\]]+\]: (2026\/01\/01 12:00:\d\d (GET|POST)|time=2026-01-01T12:00:\d\d\.\d{3}Z level=INFO)/)
    expect(app('ruby')).toMatch(/(Started (GET|POST) "\/|method=(GET|POST) path=\/\S* format=json controller=)/)
    expect(app('docker')).toMatch(/app\[web\.[^\]]+\]: \S+ - - \[\d\d\/Jan\/2026:12:00:\d\d \+0000\] "(GET|POST) /)
  })

  it('is a pure function of (profile, second), whatever was asked before', () => {
    const p = profile('ruby')
    const later = runtimeLinesInSecond(p, noon + 500)
    runtimeLinesBetween(p, noon, noon + 600)
    expect(runtimeLinesInSecond({ ...profile('ruby') }, noon + 500)).toEqual(later)
    const joined: string[] = []
    for (let s = noon; s < noon + 30; s++) joined.push(...runtimeLinesInSecond(p, s))
    expect(runtimeLinesBetween(p, noon, noon + 30)).toEqual(joined)
    expect(runtimeLinesInSecond({ ...p, seed: 43 }, noon + 500)).not.toEqual(later)
  })

  it('notices a profile mutated in place', () => {
    const p = profile('go')
    const before = runtimeLinesBetween(p, noon, noon + 10)
    p.dynos = [{ type: 'web', instance: 'web.1a2b3c4d5-zzzzz' }]
    const after = runtimeLinesBetween(p, noon, noon + 10)
    expect(after).not.toEqual(before)
    expect(after.filter((l) => l.includes('dyno=')).every((l) => l.includes('dyno=web.1a2b3c4d5-zzzzz'))).toBe(true)
  })

  it('is busier in the UTC afternoon than at night and scales with requestsPerMinute', () => {
    const p = profile('go')
    const count = (from: number): number => runtimeLinesBetween(p, from, from + 600).filter((l) => l.includes('akkeris/router')).length
    expect(count(noon + 3 * 3600)).toBeGreaterThan(count(noon - 9 * 3600) * 1.8)
    const quiet = runtimeLinesBetween(profile('go', 6), noon, noon + 600).filter((l) => l.includes('akkeris/router')).length
    expect(quiet).toBeLessThan(count(noon) / 20)
  })

  it('produces no router traffic without web dynos or requests, but workers still log', () => {
    const workersOnly = { ...profile('python'), dynos: [{ type: 'worker', instance: 'worker.7c9d8e6f5-m3n4b' }] }
    const lines = runtimeLinesBetween(workersOnly, noon, noon + 600)
    expect(lines.some((l) => l.includes('akkeris/router'))).toBe(false)
    expect(lines.length).toBeGreaterThan(0)
    expect(runtimeLinesBetween({ ...profile('node', 0), dynos: [] }, noon, noon + 600)).toEqual([])
  })

  it('returns the last n lines before toSec, oldest first', () => {
    const p = profile('node', 30)
    const last = lastRuntimeLines(p, noon, 25)
    expect(last).toHaveLength(25)
    const window = runtimeLinesBetween(p, noon - 3600, noon)
    expect(last).toEqual(window.slice(-25))
    expect(lastRuntimeLines(p, noon, 0)).toEqual([])
    expect(lastRuntimeLines({ ...p, requestsPerMinute: 0, dynos: [] }, noon, 10, 3600)).toEqual([])
  })

  it('pulls 100k lines with the right shape (throughput smoke test, no timing assertion)', () => {
    const p = profile('node', 60_000)
    let lines = 0
    let sec = noon
    while (lines < 100_000) {
      const chunk = runtimeLinesBetween(p, sec, sec + 10)
      for (let i = 0; i < chunk.length; i += 97) expect(CLI_LINE.test(chunk[i])).toBe(true)
      lines += chunk.length
      sec += 10
    }
    expect(lines).toBeGreaterThanOrEqual(100_000)
    expect(sec - noon).toBeLessThan(200)
  })
})

describe('site traffic', () => {
  it('writes router lines for the site domain with paths under its routes', () => {
    const lines = siteLinesBetween(site, noon, noon + 120)
    expect(lines.length).toBeGreaterThan(500)
    for (const line of lines) {
      expect(line).toMatch(CLI_LINE)
      expect(line).toMatch(new RegExp(`^\\S+Z www\\.acme\\.example akkeris/router: bytes=\\d+ method=\\S+ request_id=${UUID} .* host=www\\.acme\\.example path=/`))
    }
    expect(lines.some((l) => l.includes(' path=/api/'))).toBe(true)
    expect(lines.some((l) => !l.includes(' path=/api'))).toBe(true)
    expect(lines.every((l) => !l.includes(' path=/api/api/'))).toBe(true)
  })

  it('is deterministic per second and supports a tail of the last n lines', () => {
    expect(siteLinesInSecond({ ...site }, noon + 7)).toEqual(siteLinesInSecond(site, noon + 7))
    expect(lastSiteLines(site, noon, 40)).toEqual(siteLinesBetween(site, noon - 600, noon).slice(-40))
    expect(siteLinesBetween({ ...site, routes: [] }, noon, noon + 60)).toEqual([])
  })
})
