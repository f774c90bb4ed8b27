/** The `paasim` command's conventions: --version, --help per command, usage errors (exit 2), fixtures with descriptions. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.js'

const version = JSON.parse(readFileSync('package.json', 'utf8')).version

describe('paasim', () => {
  it('prints its version with --version or -v', () => {
    for (const flag of ['--version', '-v']) expect(runCli([flag])).toEqual({ code: 0, out: `${version}\n`, err: '' })
  })

  it('prints the commands, aligned, with --help; without a command it is a usage error', () => {
    const help = runCli(['--help'])
    expect(help.code).toBe(0)
    const commands = help.out.split('\n').filter((l) => /^ {2}(serve|verify|conformance|fixtures) /.test(l))
    expect(commands).toHaveLength(4)
    expect(new Set(commands.map((l) => l.search(/(?<=^ {2}\S+\s+)\S/)))).toEqual(new Set([15]))
    expect(runCli([])).toMatchObject({ code: 2, out: '', err: expect.stringContaining('usage: paasim <command>') })
    expect(runCli(['bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "bogus"') })
  })

  it.each(['serve', 'verify', 'conformance', 'fixtures'])('%s: --help exits 0 with its usage and exit codes; an unknown flag exits 2', (command) => {
    const help = runCli([command, '--help'])
    expect(help).toMatchObject({ code: 0, err: '' })
    expect(help.out).toContain(`usage: paasim ${command}`)
    expect(help.out).toContain('Exit codes: 0')
    const bad = runCli([command, '--bogus'])
    expect(bad).toMatchObject({ code: 2, out: '' })
    expect(bad.err).toContain("Unknown option '--bogus'")
    expect(bad.err.match(/Unknown option/g)).toHaveLength(1) // said once
  })

  it('serve --help lists every control route', () => {
    const { out } = runCli(['serve', '--help'])
    for (const route of ['/__paasim/reset', '/__paasim/clock', '/__paasim/faults', '/__paasim/journal', '/__paasim/provider-states', '/__paasim/rate-limits/exhaust', '/__paasim/rate-limits ', '/__paasim/fixtures', '/__paasim/world', '/__paasim/journal/events', '/__paasim/clock/events', '/__paasim/ui/', '/__paasim/incidents']) expect(out).toContain(route)
  })
})

describe('paasim fixtures', () => {
  it('lists the shipped fixtures with their descriptions', () => {
    const { code, out } = runCli(['fixtures'])
    expect(code).toBe(0)
    expect(out).toMatch(/^incident {2}A bad afternoon: broken builds on Akkeris/m)
    expect(out).toMatch(/^minimal {3}One Akkeris app with a short build history/m)
    expect(JSON.parse(runCli(['fixtures', '--json']).out)).toEqual([
      { name: 'incident', description: expect.stringContaining('A bad afternoon'), now: '2026-05-12T15:30:00Z' },
      { name: 'minimal', description: expect.stringContaining('One Akkeris app'), now: '2026-03-02T09:00:00Z' },
    ])
  })

  it('prints the fixture JSON Schema that ships as fixtures/schema.json', () => {
    const { code, out } = runCli(['fixtures', '--schema'])
    expect(code).toBe(0)
    expect(out).toBe(readFileSync('fixtures/schema.json', 'utf8'))
  })
})
