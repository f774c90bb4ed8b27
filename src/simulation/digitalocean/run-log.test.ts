import { describe, expect, it } from 'vitest'
import type { Stack } from '../types.js'
import { bootDelayMs, crashCause } from './restarts.js'
import {
  CRASH_LEAD_MS,
  crashLastLines,
  formatDoLine,
  lastRunLines,
  restartParams,
  restartTimes,
  restartedLinesAt,
  runLinesBetween,
  type RunLine,
  type RunProfile,
} from './run-log.js'
import { rfc3339Nano } from './shared.js'

const NOON = Date.parse('2026-03-02T15:00:00Z')
const TS = '(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z)'

function profile(over: Partial<RunProfile> = {}): RunProfile {
  return { seed: 11, appId: 'app-1', component: 'web', instances: ['web-0', 'web-1'], kind: 'service', stack: 'node', requestsPerMinute: 600, ...over }
}

function message(l: RunLine, component = 'web'): string {
  return l.text.slice(component.length + 1 + 31)
}

function checkSorted(lines: RunLine[]): void {
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]
    const b = lines[i]
    expect(a.at < b.at || (a.at === b.at && a.nanos <= b.nanos)).toBe(true)
  }
}

describe('formatDoLine', () => {
  it('renders `<component> <RFC3339Nano UTC> <message>`', () => {
    expect(formatDoLine('webapp', Date.parse('2024-05-29T20:14:14.996Z'), 999_111, '{"level":30,"msg":"listening"}')).toBe(
      'webapp 2024-05-29T20:14:14.996999111Z {"level":30,"msg":"listening"}',
    )
    expect(formatDoLine('w', Date.parse('2024-01-01T00:00:00Z'), 0, 'x')).toBe('w 2024-01-01T00:00:00.000000000Z x')
  })
})

describe('runLinesBetween', () => {
  const p = profile()
  const lines = runLinesBetween(p, NOON, NOON + 60_000)

  it('returns sorted, well-formed lines inside the half-open window', () => {
    expect(lines.length).toBeGreaterThan(300)
    checkSorted(lines)
    for (const l of lines) {
      expect(l.at).toBeGreaterThanOrEqual(NOON)
      expect(l.at).toBeLessThan(NOON + 60_000)
      expect(l.text.startsWith(`web ${rfc3339Nano(l.at, l.nanos)} `)).toBe(true)
      expect(['web-0', 'web-1']).toContain(l.instance)
    }
    expect(new Set(lines.map((l) => l.instance)).size).toBe(2)
  })

  it('is a pure function of the window: adjacent windows join up exactly', () => {
    const cut = NOON + 23_456
    const joined = [...runLinesBetween(p, NOON, cut), ...runLinesBetween(p, cut, NOON + 60_000)]
    expect(joined).toEqual(lines)
    expect(runLinesBetween(p, NOON + 10_000, NOON + 11_000)).toEqual(lines.filter((l) => l.at >= NOON + 10_000 && l.at < NOON + 11_000))
    expect(runLinesBetween({ ...p, seed: 12 }, NOON, NOON + 60_000)).not.toEqual(lines)
    expect(runLinesBetween(p, NOON, NOON)).toEqual([])
  })

  it('logs about requestsPerMinute lines at the daily peak, fewer at night', () => {
    const peak = runLinesBetween(p, NOON - 300_000, NOON + 300_000).length
    expect(peak).toBeGreaterThan(6000 * 0.85)
    expect(peak).toBeLessThan(6000 * 1.15)
    const night = runLinesBetween(p, NOON + 12 * 3_600_000 - 300_000, NOON + 12 * 3_600_000 + 300_000).length
    expect(night).toBeLessThan(peak * 0.6)
  })

  const SERVICE: Record<Stack, RegExp> = {
    node: /^\{"level":(30|40|50),"time":\d{13},"pid":\d+,"hostname":"web-[a-z0-9]{10}-[a-z0-9]{5}",/,
    python: /^(\d+\.){3}\d+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "(GET|POST|PATCH|DELETE) \/\S* HTTP\/1\.1" \d{3} \d+ "-" ".+"$/,
    go: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d "(GET|POST|PATCH|DELETE) http:\/\/\S+ HTTP\/1\.1" from [\d.]+:\d+ - \d{3} \d+B in \d+\.\d{3}ms$/,
    ruby: /^[IE], \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6} #\d+\] +(INFO|ERROR) -- : \[[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\] method=\w+ path=\S+ format=json controller=\S+ action=\w+ status=\d{3} duration=\d+\.\d{3} view=\d+\.\d{3} db=\d+\.\d{3}$/,
    docker: /^10\.244\.\d+\.\d+ - - \[[^\]]+\] "(GET|POST|PATCH|DELETE) \/\S* HTTP\/1\.1" \d{3} \d+ "-" ".+" "(\d+\.){3}\d+"$/,
  }
  const WORKER: Record<Stack, RegExp> = {
    node: /^\{"level":(30|50),"time":\d{13},"pid":\d+,"hostname":"[^"]+","queue":"\w+","jobId":"\d+","job":"[\w-]+","durationMs":\d+,"msg":"job (completed|failed)"\}$/,
    python: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: INFO\/(MainProcess|ForkPoolWorker-\d)\] Task app\.tasks\.\w+\[[0-9a-f-]{36}\] (received|succeeded in \d+\.\d{6}s: None)$/,
    go: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d worker: processed job id=\d+ type=[\w-]+ queue=\w+ duration=\d+ms$/,
    ruby: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z pid=\d+ tid=[0-9a-f]+ class=\w+Job jid=[0-9a-f]{24}( elapsed=\d+\.\d{3})? INFO: (start|done)$/,
    docker: /^level=info ts=\S+Z caller=consumer\.go:\d+ msg="processed message" queue=\w+ id=[0-9a-f]{8} duration=\d+ms$/,
  }

  it.each(Object.keys(SERVICE) as Stack[])('%s services log requests in the stack’s own style', (stack) => {
    const out = runLinesBetween(profile({ stack }), NOON, NOON + 20_000).map((l) => message(l))
    const matching = out.filter((m) => SERVICE[stack].test(m)).length
    expect(matching / out.length).toBeGreaterThan(0.95)
  })

  it.each(Object.keys(WORKER) as Stack[])('%s workers log job processing', (stack) => {
    const out = runLinesBetween(profile({ stack, kind: 'worker', component: 'worker' }), NOON, NOON + 60_000).map((l) => message(l, 'worker'))
    expect(out.length).toBeGreaterThan(50)
    for (const m of out) expect(m).toMatch(WORKER[stack])
  })

  it('keeps the timestamps inside messages in step with the line timestamp', () => {
    for (const l of runLinesBetween(profile({ instances: ['web-0'] }), NOON, NOON + 5000)) {
      const body = JSON.parse(message(l)) as { time?: number }
      if (body.time !== undefined) expect(body.time).toBe(l.at)
    }
    for (const l of runLinesBetween(profile({ stack: 'ruby' }), NOON, NOON + 5000)) {
      const fraction = new RegExp(`^web ${TS} `).exec(l.text)![1].slice(0, 26)
      expect(message(l)).toContain(`[${fraction} #`)
    }
  })
})

describe('lifecycle', () => {
  it('logs nothing before `since`, then the startup output, then traffic', () => {
    const p = profile({ since: NOON, instances: ['web-0'] })
    const lines = runLinesBetween(p, NOON - 60_000, NOON + 30_000)
    expect(lines[0].at).toBeGreaterThanOrEqual(NOON)
    expect(message(lines[0])).toBe('> web@1.0.0 start')
    const listening = lines.findIndex((l) => message(l).includes('Server listening at http://0.0.0.0:8080'))
    expect(listening).toBeGreaterThan(0)
    for (const l of lines.slice(0, listening)) expect(message(l)).not.toContain('"req"')
    expect(lines.length).toBeGreaterThan(listening + 100)
  })

  it('runs jobs on a schedule and gives static sites no runtime logs', () => {
    const job = profile({ kind: 'job', component: 'migrate', instances: ['migrate-0'], stack: 'python' })
    const lines = runLinesBetween(job, NOON, NOON + 4 * 3_600_000)
    const starts = lines.filter((l) => message(l, 'migrate') === 'Operations to perform:').map((l) => l.at)
    expect(starts.length).toBeGreaterThanOrEqual(4)
    const gaps = new Set(starts.slice(1).map((s, i) => s - starts[i]))
    expect(gaps.size).toBe(1)
    expect(runLinesBetween(profile({ kind: 'static_site' }), NOON, NOON + 60_000)).toEqual([])
  })

  it('lastRunLines is the tail of runLinesBetween', () => {
    const p = profile()
    const last = lastRunLines(p, NOON, 50)
    expect(last).toHaveLength(50)
    expect(last).toEqual(runLinesBetween(p, NOON - 120_000, NOON).slice(-50))
    const quiet = profile({ requestsPerMinute: 0.5, since: NOON - 3_600_000 })
    expect(lastRunLines(quiet, NOON, 10)).toEqual(runLinesBetween(quiet, NOON - 3_600_000, NOON).slice(-10))
  })
})

describe('crash loops', () => {
  const p = profile({ kind: 'worker', component: 'worker', instances: ['worker-0', 'worker-1', 'worker-2'], crashing: true, since: NOON - 3_600_000 })
  const params = restartParams(p, 'worker-0')
  const restart = restartTimes(params, NOON, NOON + 3_600_000)[0]

  it('prints the crash, pauses, and boots again around each restart', () => {
    const mine = runLinesBetween(p, restart - 30_000, restart + 30_000).filter((l) => l.instance === 'worker-0')
    const resume = restart + bootDelayMs(params, restart)
    const quiet = mine.filter((l) => l.at >= restart - CRASH_LEAD_MS && l.at < resume).map((l) => message(l, 'worker'))
    expect(quiet.some((m) => m.includes('"msg":"job completed"'))).toBe(false)
    const signature = { oom: 'JavaScript heap out of memory', econnrefused: 'ECONNREFUSED', uncaught: 'TypeError' }[crashCause(params)]
    const before = mine.filter((l) => l.at < restart).map((l) => message(l, 'worker'))
    expect(before.some((m) => m.includes(signature))).toBe(true)
    const after = mine.filter((l) => l.at >= restart).map((l) => message(l, 'worker'))
    expect(after[0]).toBe('> worker@1.0.0 worker')
    expect(after.some((m) => m.includes('"msg":"worker started"'))).toBe(true)
  })

  it('crashLastLines are the instance’s RUN lines just before the restart', () => {
    const tail = crashLastLines(p, 'worker-0', restart, 25)
    expect(tail).toHaveLength(25)
    expect(tail.every((l) => l.instance === 'worker-0' && l.at < restart)).toBe(true)
    const run = runLinesBetween(p, restart - 600_000, restart).filter((l) => l.instance === 'worker-0')
    expect(tail).toEqual(run.slice(-25))
  })

  it('RUN_RESTARTED shows each restarted instance’s previous container', () => {
    const at = restart + 20_000
    const out = restartedLinesAt(p, at, 10)
    checkSorted(out)
    for (const instance of p.instances) {
      const last = restartTimes(restartParams(p, instance), NOON - 3_600_000, at + 1).at(-1)!
      expect(out.filter((l) => l.instance === instance)).toEqual(crashLastLines(p, instance, last, 10))
    }
    expect(restartedLinesAt({ ...p, crashing: false }, at, 10)).toEqual([])
  })
})
