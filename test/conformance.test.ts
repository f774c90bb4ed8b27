/**
 * `paasim conformance` as a user runs it: the reference spec passes with zero violations in-process
 * and against `paasim serve`-style HTTP; a broken copy of the spec fails naming operation and path.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { main } from '../src/cli/index.js'
import { parseConformanceArgs } from '../src/cli/conformance.js'
import { servedOperations } from '../src/conformance/operations.js'
import { PLANS } from '../src/conformance/plans.js'
import { conformanceExitCode, formatSummary, requestLine } from '../src/conformance/report.js'
import { runConformance } from '../src/conformance/run.js'
import type { ConformanceReport } from '../src/conformance/types.js'
import { createSim, DEFAULT_TOKEN } from '../src/index.js'

/** The App Platform spec the package ships (all 28 operations paasim serves), which `paasim conformance` uses without --spec. */
const SHIPPED_SPEC = fileURLToPath(new URL('../spec/digitalocean/apps.openapi.yaml', import.meta.url))
const SPEC = SHIPPED_SPEC
const LOG_OPS = [
  'apps_get_logs_active_deployment_aggregate',
  'apps_get_logs_active_deployment',
  'apps_get_logs_aggregate',
  'apps_get_logs',
  'apps_get_job_invocation_logs',
  'apps_get_event_logs',
]

/** Runs `paasim <args>` in-process; resolves with the exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number | void; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')))
  try {
    return { code: await main(args), out: out.join('\n'), err: err.join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}

/** A loopback port nothing listens on (fetch refuses the well-known "bad ports" such as 1). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** The operations with nothing to look up, which the spec documents no 404 for. */
const NO_404 = ['apps_list', 'apps_list_regions', 'apps_list_instanceSizes']

const statusesOf = (report: ConformanceReport, operationId: string) => new Set(report.requests.filter((r) => r.operationId === operationId && !r.case.includes('→')).map((r) => r.status))

describe('paasim conformance against a fresh in-process simulator', () => {
  let report: ConformanceReport
  beforeAll(async () => {
    report = await runConformance({ spec: SPEC })
  })

  it('finds zero violations and covers every operation of the reference spec', () => {
    expect(report.error).toBeUndefined()
    expect(report.violations).toEqual([])
    expect(report.skipped).toEqual([])
    expect(report.notCovered).toEqual([])
    expect(report.notInSpec).toEqual([])
    expect(report.summary.operations).toMatchObject({ inSpec: 28, served: 28, exercised: 28 })
    expect(report.ok).toBe(true)
    expect(conformanceExitCode(report)).toBe(0)
  })

  it('runs success, 401, 403, 404 and 429 cases for every operation, and 400s for the logs', () => {
    for (const operationId of new Set(report.requests.map((r) => r.operationId))) {
      const statuses = statusesOf(report, operationId)
      for (const status of [200, 401, 403, 429]) expect(statuses.has(status), `${operationId} ${status}`).toBe(true)
      if (!NO_404.includes(operationId)) expect(statuses.has(404), `${operationId} 404`).toBe(true)
    }
    for (const operationId of LOG_OPS) expect(statusesOf(report, operationId).has(400), operationId).toBe(true)
    const cases = (operationId: string) => report.requests.filter((r) => r.operationId === operationId).map((r) => r.case)
    for (const type of ['UNSPECIFIED', 'BUILD', 'DEPLOY', 'RUN', 'RUN_RESTARTED', 'AUTOSCALE_EVENT']) {
      expect(cases('apps_get_logs_aggregate').some((c) => c.includes(`type=${type}`)), type).toBe(true)
    }
    expect(cases('apps_get_logs_aggregate')).toEqual(expect.arrayContaining(['type=RUN follow=true tail_lines=100', 'type=RUN follow=false tail_lines=100 → live_url', 'no token', 'bad token']))
    expect(cases('apps_get_logs_aggregate').some((c) => c.includes('component_name='))).toBe(true)
    expect(cases('apps_get_job_invocation_logs').some((c) => c.includes('type=JOB_INVOCATION') && c.endsWith('→ historic_urls[0]'))).toBe(true)
    expect(cases('apps_list')).toEqual(expect.arrayContaining(['page=1 per_page=2', 'page=2 per_page=2']))
    expect(cases('apps_list_metrics_bandwidth_daily')).toEqual(expect.arrayContaining(['with date', 'missing app_ids']))
    // the follow-ups were read and their lines checked
    const followUps = report.requests.filter((r) => r.case.includes('→'))
    expect(followUps.length).toBeGreaterThan(50)
    expect(followUps.every((r) => r.status === 200 && !r.url.includes('token='))).toBe(true)
  })

  it('warns, without failing, where only the spec default response covers a status', () => {
    expect(report.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ operationId: 'apps_get', message: "status 403 is only covered by the spec's default response" })]))
    expect(report.warnings.some((w) => w.operationId === 'apps_get_logs' && w.message.startsWith('status 400'))).toBe(true)
    const summary = formatSummary(report)
    expect(summary).toContain('not covered (in the spec, not served by paasim): none')
    expect(summary).toMatch(/\d+ requests, 28 of 28 operations exercised \(0 not covered\), 0 violations, \d+ warnings, 0 skipped in [\d.]+ s — OK/)
    expect(requestLine(report.requests[0]!)).toMatch(/^ {2}ok {4}apps_list +default +200$/)
  })

  it('has cases for every operation paasim serves', async () => {
    for (const { operationId } of await servedOperations()) expect(PLANS[operationId], operationId).toBeDefined()
  })
})

describe('paasim conformance against a server (--base-url)', () => {
  it('finds zero violations against sim.listen, with scoped and exhausted tokens from the flags', async () => {
    const sim = createSim({
      tokens: ['main', { token: 'no-app', scopes: ['monitoring:read'] }, { token: 'no-monitoring', scopes: ['app:read'] }, 'spare'],
      rateLimit: { burst: 10_000 },
    })
    await sim.ready
    sim.digitalocean.exhaustRateLimit('spare')
    const server = await sim.listen({ port: 0 })
    try {
      const report = await runConformance({
        spec: SPEC,
        baseUrl: server.url,
        tokens: { main: 'main', withoutAppScope: 'no-app', withoutMonitoringScope: 'no-monitoring', toExhaust: 'spare' },
      })
      expect(report.error).toBeUndefined()
      expect(report.violations).toEqual([])
      expect(report.skipped).toEqual([])
      expect(report.summary.operations.exercised).toBe(28)
      expect(report.target).toBe(server.url)
      const followUps = report.requests.filter((r) => r.case.includes('→ live_url'))
      expect(followUps.length).toBeGreaterThan(0)
      expect(followUps.every((r) => r.url.startsWith(`${server.url}/v2/live-logs?`))).toBe(true)
      expect(report.requests.filter((r) => r.status === 429)).toHaveLength(28)
    } finally {
      await server.close()
      sim.dispose()
    }
  })
})

it('serves a scheduled job with a job kind the spec knows (found by a conformance run of the incident fixture)', async () => {
  const { loadSpec, validateResponse } = await import('../src/conformance/index.js')
  const sim = createSim({ world: 'incident' })
  const res = await sim.fetch('https://api.digitalocean.com/v2/apps', { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
  const body = await res.text()
  expect(validateResponse(await loadSpec(SPEC), 'apps_list', { status: res.status, headers: res.headers, body })).toEqual([])
  const jobs = (JSON.parse(body) as { apps: Array<{ spec: { jobs?: Array<{ name: string; kind: string }> } }> }).apps.flatMap((a) => a.spec.jobs ?? [])
  expect(jobs).toContainEqual(expect.objectContaining({ name: 'export', kind: 'UNSPECIFIED' }))
  sim.dispose()
})

describe('a broken copy of the spec', () => {
  let dir: string
  let broken: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paasim-conformance-'))
    const doc = parseYaml(await readFile(SPEC, 'utf8'))
    const json = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema
    // a field paasim never sends becomes required; the logs URLs list becomes a string
    json('/v2/apps/{id}').properties.app.required.push('pinned_deployment')
    json('/v2/apps/{app_id}/logs').properties.historic_urls.type = 'string'
    // an operation paasim serves disappears, one it does not serve appears
    delete doc.paths['/v2/apps/{app_id}/instances']
    doc.paths['/v2/apps/{app_id}/rollback'] = { post: { operationId: 'apps_create_rollback', responses: { '200': { description: 'ok' } } } }
    // an operation moves to a path paasim does not serve
    doc.paths['/v2/apps/{app_id}/healthz'] = doc.paths['/v2/apps/{app_id}/health']
    delete doc.paths['/v2/apps/{app_id}/health']
    broken = join(dir, 'broken.json')
    await writeFile(broken, JSON.stringify(doc))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('fails with exit 1, naming each violation by operation and path', async () => {
    const { code, out } = await cli(['conformance', '--spec', broken, '--json'])
    expect(code).toBe(1)
    const report = JSON.parse(out) as ConformanceReport
    expect(report.ok).toBe(false)
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operationId: 'apps_get', where: 'body', path: '/app/pinned_deployment', message: 'is required but missing', check: 'spec' }),
        expect.objectContaining({ operationId: 'apps_list', where: 'body', path: '/apps/0/pinned_deployment' }),
        expect.objectContaining({ operationId: 'apps_get_logs_aggregate', where: 'body', path: '/historic_urls', message: 'must be string (got array)' }),
        expect.objectContaining({ operationId: 'apps_get_event_logs', path: '/historic_urls' }),
        expect.objectContaining({ operationId: 'apps_get_health', where: 'route', message: 'the spec has GET /v2/apps/{app_id}/healthz; paasim serves GET /v2/apps/{app_id}/health' }),
        expect.objectContaining({ operationId: 'apps_get_health', case: 'orders-api', status: 404, where: 'status', check: 'expectation', message: 'expected 200 for this case, got 404' }),
      ]),
    )
    expect(report.notCovered).toEqual(['apps_create_rollback'])
    expect(report.notInSpec).toEqual(['apps_get_instances'])
    expect(report.requests.some((r) => r.operationId === 'apps_get_instances')).toBe(false)
  })
})

describe('paasim conformance flags and exit codes', () => {
  it('exits 2 on usage, spec-load and connection errors', async () => {
    expect((await cli(['conformance', '--spec', SPEC, '--token', 't'])).err).toContain('--token needs --base-url')
    expect((await cli(['conformance', '--spec', SPEC, '--bogus'])).code).toBe(2)
    const missing = await cli(['conformance', '--spec', join(tmpdir(), 'no-such-spec.yaml'), '--json'])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.out).error).toMatch(/cannot load the spec/)
    expect(missing.err).toMatch(/^paasim conformance: cannot load the spec .*no-such-spec\.yaml/)
    const port = await closedPort()
    // without --spec: the shipped subset
    const refused = await cli(['conformance', '--base-url', `http://127.0.0.1:${port}`, '--token', 't'])
    expect(refused.code).toBe(2)
    expect(refused.out).toContain(SHIPPED_SPEC)
    expect(refused.err).toContain(`paasim conformance: cannot reach http://127.0.0.1:${port}: fetch failed: ECONNREFUSED`)
    expect((await cli(['conformance', '--help'])).code).toBe(0)
  })

  it('parses the flags', () => {
    expect(parseConformanceArgs([], {})).toMatchObject({ spec: SHIPPED_SPEC, baseUrl: undefined })
    expect(parseConformanceArgs(['--spec', 'a.yaml', '--base-url', 'http://127.0.0.1:4010/v2', '--token-to-exhaust', 'x'], {})).toMatchObject({
      spec: 'a.yaml',
      baseUrl: 'http://127.0.0.1:4010/v2',
      tokens: { main: '', toExhaust: 'x' },
      json: false,
    })
    expect(parseConformanceArgs(['--spec', 'a.yaml', '--base-url', 'http://h', '--json'], { PAASIM_CONFORMANCE_TOKEN: 'env' })).toMatchObject({ tokens: { main: 'env' }, json: true })
    for (const bad of [['--spec', 'a', '--seed', 'x'], ['--spec', 'a', '--base-url', 'ftp://x'], ['--spec', 'a', '--base-url', 'http://h', '--seed', '2'], ['--spec', 'a', '--base-url', 'http://h', '--fixture', 'incident'], ['--spec', 'a', '--timeout', '0']]) {
      expect(() => parseConformanceArgs(bad, {}), bad.join(' ')).toThrow(/paasim conformance: /)
    }
  })
})
