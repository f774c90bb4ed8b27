import { describe, expect, it } from 'vitest'
import { STACKS } from '../types.js'
import { boxBottom, boxTop, buildLogEndsAt, buildLogLines, buildLogText, type BuildLogInput } from './build-log.js'
import { deploymentTimeline } from './deployment-timeline.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const SHA = '54d4a727f457231062439895000d45437c7bb405'

function input(over: Partial<BuildLogInput> = {}): BuildLogInput {
  return {
    seed: 7,
    deploymentId: 'dep-1',
    component: 'web',
    stack: 'node',
    repo: 'https://github.com/acme/shop-api.git',
    branch: 'main',
    sha: SHA,
    startedAt: T0,
    outcome: 'success',
    ...over,
  }
}

describe('buildLogLines', () => {
  it('is deterministic and seed-dependent', () => {
    expect(buildLogLines(input())).toEqual(buildLogLines(input()))
    expect(buildLogLines(input({ seed: 8 }))).not.toEqual(buildLogLines(input()))
  })

  it.each(STACKS)('%s: clone, detection, build, upload, then "✔ build complete"', (stack) => {
    const lines = buildLogLines(input({ stack }))
    const texts = lines.map((l) => l.text)
    expect(texts[0]).toBe(boxTop('git repo clone'))
    expect(texts[0]).toMatch(/^╭─+ git repo clone ─+╼$/)
    expect(texts).toContain('│ › fetching app source code')
    expect(texts).toContain('│ => Selecting branch "main"')
    expect(texts).toContain(`│ => Checking out commit "${SHA}"`)
    expect(texts).toContain('│ ✔ cloned repo to /workspace')
    expect(texts).toContain(boxBottom())
    expect(texts).toContain(' › configuring build-job container')
    if (stack === 'docker') {
      expect(texts).toContain(boxTop('dockerfile build'))
      expect(texts.some((t) => t.includes('INFO['))).toBe(true)
    } else {
      expect(texts).toContain(boxTop('buildpack detection'))
      expect(texts).toContain('│ › using Ubuntu 22.04 stack')
      expect(texts).toContain('│ Detected the following buildpacks suitable to build your app:')
      expect(texts).toContain(boxTop('app build'))
    }
    expect(texts).toContain('│ ✔ built app')
    expect(texts).toContain(' › uploading the built image to the container registry...')
    expect(texts).toContain(' ✔ uploaded the built image to the container registry')
    expect(texts.at(-1)).toBe(' ✔ build complete')
    expect(texts.join('\n')).not.toMatch(/✘|ERROR/)
  })

  it('names the stack-specific tools', () => {
    const joined = (stack: (typeof STACKS)[number]): string => buildLogLines(input({ stack })).map((l) => l.text).join('\n')
    expect(joined('node')).toMatch(/digitalocean\/node-js\s+v0\.3\.6\s+\(Node\.js\)/)
    expect(joined('node')).toContain('Running npm ci')
    expect(joined('python')).toContain('Installing requirements with pip')
    expect(joined('go')).toContain('go: downloading')
    expect(joined('ruby')).toContain('bundle install')
    expect(joined('docker')).toContain('› using dockerfile')
  })

  it.each(STACKS)('%s: a failed build ends with "✘ build failed" after a realistic error', (stack) => {
    for (const deploymentId of ['a', 'b', 'c', 'd']) {
      const texts = buildLogLines(input({ stack, deploymentId, outcome: 'failure' })).map((l) => l.text)
      expect(texts.at(-1)).toBe(' ✘ build failed')
      expect(texts).toContain('│ ERROR: failed to build: exit status 1')
      expect(texts.join('\n')).not.toContain('build complete')
      expect(texts.join('\n')).not.toContain('uploaded the built image')
    }
  })

  it('spreads lines over the build window, ending exactly at buildLogEndsAt', () => {
    for (const outcome of ['success', 'failure'] as const) {
      const i = input({ outcome })
      const lines = buildLogLines(i)
      for (let k = 1; k < lines.length; k++) expect(lines[k].at).toBeGreaterThanOrEqual(lines[k - 1].at)
      expect(lines[0].at).toBeGreaterThan(T0)
      expect(lines.at(-1)!.at).toBe(buildLogEndsAt(i))
    }
    expect(buildLogEndsAt(input({ outcome: 'failure' }))).toBeLessThan(buildLogEndsAt(input()))
  })

  it('fits the component build step of the deployment timeline', () => {
    const t = deploymentTimeline({
      seed: 7,
      deploymentId: 'dep-9',
      createdAt: T0,
      components: [{ name: 'web', kind: 'service', stack: 'ruby' }],
      outcome: 'build_error',
    })
    const step = t.components[0].build
    const i = input({ deploymentId: 'dep-9', stack: 'ruby', startedAt: step.start, outcome: step.ok ? 'success' : 'failure' })
    expect(buildLogEndsAt(i)).toBe(step.end)
    expect(buildLogLines(i).at(-1)!.text).toBe(' ✘ build failed')
  })
})

describe('buildLogText', () => {
  it('renders App Platform lines with strictly increasing nanosecond timestamps', () => {
    const lines = buildLogText(input({ stack: 'python' }))
    let prev = ''
    for (const l of lines) {
      const m = /^web (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /.exec(l.text)
      expect(m).not.toBeNull()
      expect(m![1] > prev).toBe(true)
      expect(m![1].slice(0, 23)).toBe(new Date(l.at).toISOString().slice(0, 23))
      prev = m![1]
    }
  })
})
