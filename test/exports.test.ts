/** Pins the public exports so a change to the API surface is deliberate. */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { expect, expectTypeOf, it } from 'vitest'
import * as paasim from '../src/index.js'
import * as fixtures from '../src/fixtures/disk.js'
import * as server from '../src/transports/server.js'
import * as vitestEntry from '../src/vitest.js'
import type { AkkerisAppBody, AkkerisBuildResultBody, AkkerisLogSessionBody, CreateDoAppInput, DeploymentView, DoAppRecord, DoAppsListBody, DoErrorBody, DoLogsBody, Fixture, RateLimitOptions, Simulation } from '../src/index.js'

it('exports exactly the documented runtime API', () => {
  expect(Object.keys(paasim).sort()).toEqual(['ALL_SCOPES', 'Clock', 'DEFAULT_TOKEN', 'SimError', 'Simulation', 'createSim', 'listFixtures', 'parseDuration', 'readFixture'])
  expect(Object.keys(server).sort()).toEqual(['enableSyslogDrains', 'listen', 'selfSignedCertificate', 'useServingHeap'])
  expect(Object.keys(fixtures).sort()).toEqual(['fixturesDir', 'readFixtureFile'])
  expect(Object.keys(vitestEntry).sort()).toEqual(['createPaasimTest', 'describe', 'expect', 'test'])
})

it('maps each entry point, with the browser build behind the browser condition', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, Record<string, string> | string> }
  expect(Object.keys(pkg.exports)).toEqual(['.', './server', './fixtures', './vitest', './package.json'])
  expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', browser: './dist/browser/index.js', default: './dist/src/index.js' })
})

/** Packages reachable from a file through static (non-type, non-dynamic) imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
    }
  }
  visit(resolve('src/index.ts'))
  return packages
}

it('keeps Express, ws, TLS, Pact and the world\'s dependencies out of the import path (they load lazily)', () => {
  const packages = staticPackages('src/index.ts')
  expect(packages.has('msw')).toBe(true)
  for (const heavy of ['express', 'ws', 'selfsigned', '@pact-foundation/pact', 'ajv', '@faker-js/faker', '@msw/data', 'zod']) expect(packages.has(heavy), heavy).toBe(false)
})

it('exports the types of what a user passes and receives (checked by tsc)', async () => {
  type DoApi = Simulation['digitalocean']
  expectTypeOf<Parameters<DoApi['createApp']>[0]>().toEqualTypeOf<CreateDoAppInput>()
  expectTypeOf<ReturnType<DoApi['apps']>>().toEqualTypeOf<DoAppRecord[]>()
  expectTypeOf<ReturnType<DoApi['deployments']>>().toEqualTypeOf<DeploymentView[]>()
  expectTypeOf<NonNullable<Fixture['digitalocean']>>().toHaveProperty('apps')
  expectTypeOf<RateLimitOptions>().toHaveProperty('hourly')
  // response bodies, as a client reads them
  expectTypeOf<AkkerisAppBody>().toHaveProperty('name')
  expectTypeOf<AkkerisBuildResultBody>().toHaveProperty('lines')
  expectTypeOf<AkkerisLogSessionBody>().toHaveProperty('logplex_url')
  expectTypeOf<DoAppsListBody['apps'][number]>().toHaveProperty('spec')
  expectTypeOf<DoLogsBody>().toHaveProperty('historic_urls')
  expectTypeOf<DoErrorBody>().toEqualTypeOf<{ id: string; message: string; request_id: string }>()
  const sim = paasim.createSim({ rateLimit: { hourly: 10, burst: 5 } satisfies RateLimitOptions })
  await sim.ready
  const body = (await (await sim.fetch('https://api.digitalocean.com/v2/apps?per_page=1', { headers: { authorization: `Bearer ${paasim.DEFAULT_TOKEN}` } })).json()) as DoAppsListBody
  expect(body.apps[0].spec.name).toBe('legacy-reports') // the oldest app first
  expect(body.meta.total).toBe(4)
})
