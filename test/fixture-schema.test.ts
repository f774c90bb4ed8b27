/**
 * Fixture files as a user writes them: one schema (zod) checks them with the file name, the JSON
 * path of each problem and what is allowed there, and the JSON Schema generated from it ships as
 * `fixtures/schema.json` for editors (`"$schema": "./node_modules/paasim/fixtures/schema.json"`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { createSim, listFixtures, readFixture } from '../src/index.js'
import { fixtureJsonSchema } from '../src/fixtures/schema.js'
import { tempFolder } from './support/temp.js'

const temp = tempFolder('paasim-fixture-schema-')
const addFormats = formatsModule as unknown as (ajv: Ajv2020) => Ajv2020

/** Writes a fixture file and returns its path. */
function fixtureFile(name: string, content: unknown): string {
  const file = temp.file(name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return file
}

const app = (extra: Record<string, unknown> = {}) => ({ akkeris: { apps: [{ name: 'api', space: 'qa', builds: [{ outcome: 'succeeded', ago: '2h' }], ...extra }] } })

describe('fixture validation', () => {
  it('names the file, the line and the column of a JSON syntax error', async () => {
    const file = fixtureFile('broken.json', '{\n  "now": "2026-01-01T00:00:00Z",\n  oops\n}')
    await expect(readFixture(file)).rejects.toThrow(`${file}:3:3: not valid JSON`)
  })

  it('refuses an outcome the simulator does not know, listing the allowed ones', async () => {
    const file = fixtureFile('maybe.json', { akkeris: { apps: [{ name: 'api', builds: [{ outcome: 'maybe' }] }] } })
    await expect(readFixture(file)).rejects.toThrow(`${file}: not a valid fixture:\n  $.akkeris.apps[0].builds[0].outcome: must be one of "succeeded", "failed", got "maybe"`)
  })

  it('refuses unknown keys, saying which keys are allowed there', async () => {
    const file = fixtureFile('typo.json', app({ formaton: { web: 2 } }))
    await expect(readFixture(file)).rejects.toThrow('$.akkeris.apps[0].formaton: unknown key (allowed here: name, space, stack, formation, requestsPerMinute, description, ago, builds)')
  })

  it('reports every problem at once: a missing name, a bad duration, a bad date', async () => {
    const file = fixtureFile('several.json', { now: 'yesterday', digitalocean: { apps: [{ components: [{ name: 'web', kind: 'lambda' }], deployments: [{ ago: 'a while' }] }] } })
    const message = await readFixture(file).then(
      () => '',
      (err: Error) => err.message,
    )
    expect(message.split('\n')).toEqual([
      `${file}: not a valid fixture:`,
      '  $.now: must be an ISO date-time such as "2026-03-02T09:00:00Z", got "yesterday"',
      '  $.digitalocean.apps[0].name: is required (string)',
      '  $.digitalocean.apps[0].components[0].kind: must be one of "service", "worker", "job", "static_site", got "lambda"',
      '  $.digitalocean.apps[0].deployments[0].ago: must be a duration such as "90s", "2h", "3d" or "1h30m", got "a while"',
    ])
  })

  it('checks fixture objects passed to createSim the same way', async () => {
    const sim = createSim({ world: { akkeris: { apps: [{ name: 'api', builds: [{ outcome: 'maybe' as never }] }] } } })
    await expect(sim.ready).rejects.toThrow('world: not a valid fixture:\n  $.akkeris.apps[0].builds[0].outcome: must be one of "succeeded", "failed", got "maybe"')
  })
})

describe('the shipped JSON Schema (fixtures/schema.json)', () => {
  const shipped = JSON.parse(readFileSync('fixtures/schema.json', 'utf8'))

  it('is the one generated from the fixture schema (regenerate: npx paasim fixtures --schema > fixtures/schema.json)', () => {
    expect(shipped).toEqual(fixtureJsonSchema())
  })

  it('accepts every shipped fixture and refuses what the simulator refuses, as an editor would', async () => {
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(shipped)
    for (const name of await listFixtures()) {
      const fixture = JSON.parse(readFileSync(`fixtures/${name}.json`, 'utf8'))
      expect(validate(fixture), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true)
      expect(fixture.$schema).toBe('./schema.json')
    }
    expect(validate(app({ builds: [{ outcome: 'maybe' }] }))).toBe(false)
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/akkeris/apps/0/builds/0/outcome', keyword: 'enum', params: { allowedValues: ['succeeded', 'failed'] } }))
    expect(validate(app({ formaton: {} }))).toBe(false)
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/akkeris/apps/0', keyword: 'additionalProperties', params: { additionalProperty: 'formaton' } }))
    expect(validate({ digitalocean: { apps: [{ name: 'web' }] } })).toBe(false) // components are required
    expect(validate(app({ formation: { web: 2, worker: { quantity: 1, size: 'gp2.small' } } }))).toBe(true)
  })
})
