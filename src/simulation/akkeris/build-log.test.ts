import { describe, expect, it } from 'vitest'
import { STACKS, type Stack } from '../types.js'
import { generateBuildLog, type BuildLogInput } from './build-log.js'

const base: BuildLogInput = {
  seed: 42,
  buildId: '0b7c3e2a-1f4d-4c8e-9a6b-2d5e8f1a3c7b',
  appKey: 'api-default',
  stack: 'node',
  outcome: 'succeeded',
  repo: 'https://github.com/acme/api',
  branch: 'master',
  sha: '9f2c1e7a4b8d3f6e0a5c9b2d7e1f4a8c3b6d0e9f',
  startedAt: Date.parse('2026-01-01T00:00:00Z'),
}

const OUTCOMES = ['succeeded', 'failed'] as const
/** Prefixes the Akkeris API strips from build output, so the producer must never emit them. */
const STRIPPED = [/^Step \d+/, /^ ---> /, /^\+ /, /^tar: /, /^gzip: /, /^Sending build context/]

function all(seeds: number): Array<[Stack, 'succeeded' | 'failed', number]> {
  const out: Array<[Stack, 'succeeded' | 'failed', number]> = []
  for (const stack of STACKS) for (const outcome of OUTCOMES) for (let seed = 0; seed < seeds; seed++) out.push([stack, outcome, seed])
  return out
}

describe('generateBuildLog', () => {
  it('is a pure function of its input', () => {
    for (const stack of STACKS) {
      const input = { ...base, stack, outcome: 'failed' as const }
      expect(generateBuildLog(input)).toEqual(generateBuildLog({ ...input }))
    }
  })

  it('differs between seeds and build ids', () => {
    const a = generateBuildLog(base).lines.map((l) => l.text)
    expect(generateBuildLog({ ...base, seed: 43 }).lines.map((l) => l.text)).not.toEqual(a)
    expect(generateBuildLog({ ...base, buildId: 'c1d2e3f4-0000-4000-8000-000000000001' }).lines.map((l) => l.text)).not.toEqual(a)
  })

  it('starts with the build-runner header', () => {
    const { lines } = generateBuildLog(base)
    expect(lines[0]).toEqual({ at: base.startedAt, text: `Generating build for api-default build uuid ${base.buildId}` })
    expect(lines[1].text).toBe(`Getting source code for https://github.com/acme/api/master SHA ${base.sha}...`)
  })

  it('ends with exactly the Finished line the CLI waits for, at finishedAt', () => {
    for (const [stack, outcome, seed] of all(20)) {
      const { lines, finishedAt } = generateBuildLog({ ...base, stack, outcome, seed })
      const last = lines[lines.length - 1]
      expect(last.text).toBe(outcome === 'succeeded' ? 'Finished: SUCCESS' : 'Finished: FAILURE')
      expect(last.at).toBe(finishedAt)
      expect(lines.filter((l) => l.text.startsWith('Finished:'))).toHaveLength(1)
    }
  })

  it('has 30–200 lines, strictly increasing times and a 40–150 s duration', () => {
    const problems: string[] = []
    for (const [stack, outcome, seed] of all(60)) {
      const { lines, finishedAt } = generateBuildLog({ ...base, stack, outcome, seed })
      const where = `${stack}/${outcome}/${seed}`
      if (lines.length < 30 || lines.length > 200) problems.push(`${where}: ${lines.length} lines`)
      for (let i = 1; i < lines.length; i++) if (lines[i].at <= lines[i - 1].at) problems.push(`${where}: line ${i} not after ${i - 1}`)
      const seconds = (finishedAt - base.startedAt) / 1000
      if (seconds < 40 || seconds > 151) problems.push(`${where}: ${seconds}s`)
    }
    expect(problems).toEqual([])
  })

  it('never emits lines the API strips, blank lines or newlines', () => {
    const bad: string[] = []
    for (const [stack, outcome, seed] of all(30)) {
      for (const { text } of generateBuildLog({ ...base, stack, outcome, seed }).lines) {
        if (text.trim() === '' || text.includes('\n') || STRIPPED.some((re) => re.test(text))) bad.push(JSON.stringify(text))
      }
    }
    expect(bad).toEqual([])
  })

  it('writes stack-specific install output', () => {
    const text = (stack: Stack): string => generateBuildLog({ ...base, stack }).lines.map((l) => l.text).join('\n')
    expect(text('node')).toMatch(/^added \d+ packages, and audited \d+ packages in \d+s$/m)
    expect(text('python')).toMatch(/^Collecting .+\n {2}Downloading .+\.whl \(/m)
    expect(text('python')).toMatch(/^Successfully installed /m)
    expect(text('go')).toMatch(/^go: downloading \S+ v\d+\.\d+\.\d+$/m)
    expect(text('ruby')).toMatch(/^Fetching \S+ \S+/m)
    expect(text('ruby')).toMatch(/^Bundle complete! \d+ Gemfile dependencies, \d+ gems now installed\.$/m)
    expect(text('docker')).toMatch(/^(\(\d+\/\d+\) Installing |Setting up )/m)
    for (const stack of STACKS) expect(text(stack)).toMatch(/^Successfully built [0-9a-f]{12}$/m)
  })

  it('fails realistically: an install, compile or test error, then the docker command error', () => {
    const install = /npm ERR! (code E404|code ERESOLVE)|ERROR: Could not find a version that satisfies the requirement|: 404 Not Found|Could not find gem '|ERROR: unable to select packages|E: Unable to locate package/
    const compile = /error TS\d{4}:|^\.\/\w+\.go:\d+:\d+: |SyntaxError|error: '.+' undeclared/m
    const tests = /^(FAIL |--- FAIL: |FAILED |FAIL: )|\d+ examples, 1 failure/m
    const seen = new Set<string>()
    for (const [stack, , seed] of all(40).filter(([, o]) => o === 'failed')) {
      const text = generateBuildLog({ ...base, stack, outcome: 'failed', seed }).lines.map((l) => l.text).join('\n')
      expect(text).toMatch(/^The command '\/bin\/sh -c .+' returned a non-zero code: \d+$/m)
      expect(text).not.toMatch(/^Successfully built/m)
      const kind = install.test(text) ? 'install' : compile.test(text) ? 'compile' : tests.test(text) ? 'test' : 'none'
      expect(kind, `${stack} seed ${seed}`).not.toBe('none')
      seen.add(`${stack}:${kind}`)
    }
    for (const stack of STACKS) for (const kind of ['install', 'compile', 'test']) expect(seen).toContain(`${stack}:${kind}`)
  })

  it('pauses longer during downloads than on ordinary output', () => {
    const { lines } = generateBuildLog({ ...base, stack: 'node' })
    const added = lines.findIndex((l) => l.text.startsWith('added '))
    const gap = lines[added].at - lines[added - 1].at
    const funding = lines[added + 1].at - lines[added].at
    expect(gap).toBeGreaterThan(funding * 5)
  })
})
