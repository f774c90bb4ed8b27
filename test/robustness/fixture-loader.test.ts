/** The fixture loader reads shipped fixtures and the operator's folder by name; a control request never names a path. */
import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseServeArgs } from '../../src/cli/serve.js'
import { createSim, DEFAULT_TOKEN, readFixture } from '../../src/index.js'
import { tempFolder } from '../support/temp.js'

const DO = 'https://api.digitalocean.com'
const folder = tempFolder('paasim-fixtures-')
writeFileSync(folder.file('team.json'), JSON.stringify({ now: '2026-02-02T00:00:00Z', akkeris: { apps: [{ name: 'team', space: 'qa', stack: 'go', formation: { web: 1 } }] } }))
writeFileSync(folder.file('huge.json'), `{"description":"${'x'.repeat(5 * 1024 * 1024)}"}`)

const control = (sim: ReturnType<typeof createSim>, path: string, body: unknown) =>
  sim.fetch(`${DO}/__paasim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('loading fixtures', () => {
  it('refuses paths over the control routes without reading them', async () => {
    const sim = createSim({ control: true })
    for (const [path, body] of [['/fixtures', { name: '/etc/passwd' }], ['/fixtures', { name: '../package' }], ['/reset', { fixture: '/proc/self/environ' }], ['/fixtures', { name: 'C:\\x.json' }]] as const) {
      const res = await control(sim, path, body)
      expect(res.status).toBe(400)
      const { error } = await res.json()
      expect(error).toMatch(/loaded by name over HTTP/)
      expect(error).not.toMatch(/root:|PATH=/)
    }
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })).status).toBe(200)
  })

  it("loads a fixture by name from the operator's folder, and only from there", async () => {
    const sim = createSim({ control: true, fixturesDir: folder.dir })
    expect((await control(sim, '/fixtures', { name: 'team' })).status).toBe(200)
    expect(sim.akkeris.apps().map((a) => a.key)).toEqual(['team-qa'])
    const missing = await control(sim, '/fixtures', { name: 'other' })
    expect((await missing.json()).error).toMatch(/no fixture "other" \(shipped: incident, minimal, or <name>\.json in /)
    expect(sim.akkeris.apps().map((a) => a.key)).toEqual(['team-qa'])
  })

  it('caps the size of a fixture file and refuses devices', async () => {
    await expect(readFixture('huge', { dir: folder.dir })).rejects.toThrow(/larger than 4194304 bytes/)
    await expect(readFixture('/dev/zero')).rejects.toThrow(/not a regular file/)
    await expect(readFixture(folder.dir + '/')).rejects.toThrow(/not a regular file/)
  })

  it('takes the folder from paasim serve --fixtures-dir', () => {
    expect(parseServeArgs(['--fixtures-dir', folder.dir, '--fixture', 'team'])).toMatchObject({ fixturesDir: folder.dir, fixture: 'team' })
    expect(() => parseServeArgs(['--fixtures-dir', folder.file('team.json')])).toThrow(/is not a folder/)
  })
})
