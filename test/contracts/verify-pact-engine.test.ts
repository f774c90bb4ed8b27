/**
 * `paasim verify --against-sim --engine pact` as a user runs it: Pact's own report (which its native
 * code prints in colour) comes through without colour when NO_COLOR is set or stdout is a pipe,
 * with colour when FORCE_COLOR asks, and not at all with --json.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

const ESC = '\u001b['
const verify = ['verify', '--against-sim', '--engine', 'pact', '--provider', 'akkeris']

describe('paasim verify --engine pact', () => {
  it("prints Pact's report without colour codes when NO_COLOR is set", () => {
    const { code, out, err } = runCli(verify, { NO_COLOR: '1', FORCE_COLOR: '' })
    expect(code, err).toBe(0)
    expect(out).toContain('Verifying a pact between paasim and akkeris-api')
    expect(out).toMatch(/^45 passed, 0 failed, 0 skipped/m)
    expect(out).not.toContain(ESC)
  }, 60_000)

  it('keeps the colours when FORCE_COLOR asks, and prints only the JSON report with --json', () => {
    expect(runCli(verify, { FORCE_COLOR: '1', NO_COLOR: '' }).out).toContain(ESC)
    const json = runCli([...verify, '--json'], { NO_COLOR: '' })
    expect(json.code, json.err).toBe(0)
    expect(JSON.parse(json.out)).toMatchObject({ provider: 'akkeris', ok: true, summary: { passed: 45, failed: 0 } })
  }, 90_000)
})
