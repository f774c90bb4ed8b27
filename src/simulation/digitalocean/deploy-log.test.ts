import { describe, expect, it } from 'vitest'
import { deployLogLines } from './deploy-log.js'
import { deploymentTimeline, type DeploymentComponent, type DeploymentOutcome } from './deployment-timeline.js'
import { rfc3339Nano } from './shared.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const COMPONENTS: DeploymentComponent[] = [
  { name: 'web', kind: 'service', stack: 'ruby' },
  { name: 'worker', kind: 'worker', stack: 'go' },
  { name: 'migrate', kind: 'job', stack: 'node' },
  { name: 'site', kind: 'static_site', stack: 'node' },
]

function timeline(outcome: DeploymentOutcome) {
  return deploymentTimeline({ seed: 5, deploymentId: 'a1b2c3d4-e5f6', createdAt: T0, components: COMPONENTS, outcome })
}

describe('deployLogLines', () => {
  const t = timeline('success')

  it.each(COMPONENTS.map((c) => c.name))('%s: sorted lines inside its deploy and wait steps', (name) => {
    const c = t.components.find((x) => x.name === name)!
    const lines = deployLogLines({ timeline: t, appId: 'app-1', component: name, instances: [`${name}-0`, `${name}-1`] })
    expect(lines.length).toBeGreaterThan(3)
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]
      expect(l.at).toBeGreaterThanOrEqual(c.deploy!.start)
      expect(l.at).toBeLessThanOrEqual(c.wait!.end)
      expect(l.text.startsWith(`${name} ${rfc3339Nano(l.at, l.nanos)} `)).toBe(true)
      if (i > 0) expect(l.at > lines[i - 1].at || (l.at === lines[i - 1].at && l.nanos > lines[i - 1].nanos)).toBe(true)
    }
    expect(lines[0].text).toContain(`› deploying`)
  })

  it('narrates a successful rollout', () => {
    const web = deployLogLines({ timeline: t, appId: 'app-1', component: 'web', instances: ['web-0', 'web-1'] }).map((l) => l.text)
    expect(web.some((x) => x.includes('› pulling container image for web'))).toBe(true)
    expect(web.some((x) => x.includes('* Listening on http://0.0.0.0:8080'))).toBe(true)
    expect(web.some((x) => x.includes('✔ web-1 passed health checks'))).toBe(true)
    expect(web.at(-1)).toMatch(/✔ web deployed: 2\/2 instances ready$/)
    const job = deployLogLines({ timeline: t, appId: 'app-1', component: 'migrate', instances: ['migrate-0'] }).map((l) => l.text)
    expect(job.at(-1)).toMatch(/✔ job migrate completed \(exit code 0\)$/)
    const site = deployLogLines({ timeline: t, appId: 'app-1', component: 'site', instances: [] }).map((l) => l.text)
    expect(site.at(-1)).toMatch(/✔ static site site deployed$/)
  })

  it('shows failing health checks on deploy_error', () => {
    const bad = timeline('deploy_error')
    const name = bad.failedComponent!
    const lines = deployLogLines({ timeline: bad, appId: 'app-1', component: name, instances: [`${name}-0`] }).map((l) => l.text)
    expect(lines.filter((x) => x.includes(' ✘ ')).length).toBeGreaterThanOrEqual(3)
    expect(lines.at(-1)).toMatch(/✘ \S+ (failed health checks|did not stay running); the previous deployment keeps serving traffic$/)
  })

  it('is empty when the deployment never got to deploy, and deterministic otherwise', () => {
    expect(deployLogLines({ timeline: timeline('build_error'), appId: 'app-1', component: 'web', instances: ['web-0'] })).toEqual([])
    expect(deployLogLines({ timeline: t, appId: 'app-1', component: 'nope', instances: ['x-0'] })).toEqual([])
    const a = deployLogLines({ timeline: t, appId: 'app-1', component: 'worker', instances: ['worker-0'] })
    expect(deployLogLines({ timeline: t, appId: 'app-1', component: 'worker', instances: ['worker-0'] })).toEqual(a)
  })
})
