import { describe, expect, it } from 'vitest'
import type { ProgressStep } from './deployment-progress.js'
import {
  activeDeploymentIndex,
  deploymentStateAt,
  deploymentStatesAt,
  deploymentTimeline,
  type DeploymentComponent,
  type DeploymentTimelineInput,
} from './deployment-timeline.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/
const STATUSES = ['UNKNOWN', 'PENDING', 'RUNNING', 'ERROR', 'SUCCESS']
const WEB: DeploymentComponent = { name: 'web', kind: 'service', stack: 'node' }
const WORKER: DeploymentComponent = { name: 'worker', kind: 'worker', stack: 'python' }

function input(over: Partial<DeploymentTimelineInput> = {}): DeploymentTimelineInput {
  return { seed: 42, deploymentId: 'dep-1', createdAt: T0, components: [WEB, WORKER], outcome: 'success', ...over }
}

function walk(steps: ProgressStep[], visit: (s: ProgressStep, depth: number) => void, depth = 0): void {
  for (const s of steps) {
    visit(s, depth)
    if (s.steps) walk(s.steps, visit, depth + 1)
  }
}

function find(steps: ProgressStep[], path: string[]): ProgressStep {
  let here: ProgressStep | undefined
  let list = steps
  for (const name of path) {
    here = list.find((s) => s.name === name)
    if (!here) throw new Error(`no step ${path.join('/')}`)
    list = here.steps ?? []
  }
  return here!
}

describe('deploymentTimeline', () => {
  it('is a pure function of its inputs', () => {
    expect(deploymentTimeline(input())).toEqual(deploymentTimeline(input()))
    expect(deploymentTimeline(input({ seed: 43 })).finishedAt).not.toBe(deploymentTimeline(input()).finishedAt)
  })

  it('goes PENDING_BUILD → BUILDING → PENDING_DEPLOY → DEPLOYING → ACTIVE with realistic durations', () => {
    for (let i = 0; i < 150; i++) {
      const stack = (['node', 'python', 'go', 'ruby', 'docker'] as const)[i % 5]
      const t = deploymentTimeline(input({ deploymentId: `d-${i}`, components: [{ name: 'web', kind: 'service', stack }] }))
      expect(t.transitions.map((x) => x.phase)).toEqual(['PENDING_BUILD', 'BUILDING', 'PENDING_DEPLOY', 'DEPLOYING', 'ACTIVE'])
      const at = t.transitions.map((x) => x.at)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
      const build = t.build.span.end - t.build.span.start
      expect(build).toBeGreaterThanOrEqual(60_000)
      expect(build).toBeLessThanOrEqual(240_000)
      const deploy = t.deploy!.span.end - t.deploy!.span.start
      expect(deploy).toBeGreaterThanOrEqual(30_000)
      expect(deploy).toBeLessThanOrEqual(120_000)
      expect(t.activeAt).toBe(t.finishedAt)
    }
  })

  it('rejects a deployment without components', () => {
    expect(() => deploymentTimeline(input({ components: [] }))).toThrow(RangeError)
  })
})

describe('deploymentStateAt', () => {
  const t = deploymentTimeline(input())

  it('starts with every step pending (6 leaf steps per service, like the spec example)', () => {
    const one = deploymentTimeline(input({ components: [WEB] }))
    const s = deploymentStateAt(one, T0)
    expect(s.phase).toBe('PENDING_BUILD')
    expect(s.phase_last_updated_at).toBe(T0)
    expect(s.progress).toMatchObject({ pending_steps: 6, total_steps: 6, running_steps: 0, success_steps: 0, error_steps: 0 })
    expect(s.progress.steps.map((x) => x.name)).toEqual(['build', 'deploy'])
    expect(find(s.progress.steps, ['deploy', 'components', 'web', 'wait']).message_base).toBe('Waiting for service')
    expect(find(s.progress.steps, ['build', 'components', 'web']).message_base).toBe('Building service')
  })

  it('reports running steps while building and deploying', () => {
    const building = deploymentStateAt(t, t.build.components.start + 5000)
    expect(building.phase).toBe('BUILDING')
    expect(building.progress.running_steps).toBeGreaterThan(0)
    expect(find(building.progress.steps, ['build']).status).toBe('RUNNING')
    const deploying = deploymentStateAt(t, t.deploy!.components.start + 2000)
    expect(deploying.phase).toBe('DEPLOYING')
    expect(find(deploying.progress.steps, ['build']).status).toBe('SUCCESS')
    expect(find(deploying.progress.steps, ['deploy', 'finalize']).status).toBe('PENDING')
  })

  it('ends ACTIVE with every step successful and timestamped to the nanosecond', () => {
    const s = deploymentStateAt(t, t.finishedAt + 60_000)
    expect(s.phase).toBe('ACTIVE')
    expect(s.phase_last_updated_at).toBe(t.activeAt)
    expect(s.updated_at).toBe(t.finishedAt)
    expect(s.progress.success_steps).toBe(s.progress.total_steps)
    expect(s.progress.total_steps).toBe(3 * 2 + 3)
    walk(s.progress.steps, (step) => {
      expect(step.status).toBe('SUCCESS')
      expect(step.started_at).toMatch(RFC3339_NANO)
      expect(step.ended_at).toMatch(RFC3339_NANO)
      expect(step.ended_at! >= step.started_at!).toBe(true)
    })
  })

  it('keeps counters, parents and children consistent at every moment', () => {
    for (const outcome of ['success', 'build_error', 'deploy_error'] as const) {
      const tl = deploymentTimeline(input({ outcome, deploymentId: `c-${outcome}` }))
      let lastUpdated = -Infinity
      for (let now = T0 - 1000; now <= tl.finishedAt + 5000; now += 1750) {
        const s = deploymentStateAt(tl, now)
        const p = s.progress
        expect(p.pending_steps + p.running_steps + p.success_steps + p.error_steps).toBe(p.total_steps)
        expect(s.updated_at).toBeGreaterThanOrEqual(lastUpdated)
        expect(s.updated_at).toBeLessThanOrEqual(Math.max(now, T0))
        expect(s.phase_last_updated_at).toBeLessThanOrEqual(s.updated_at)
        lastUpdated = s.updated_at
        walk(p.steps, (step) => {
          expect(STATUSES).toContain(step.status)
          if (step.status === 'PENDING') expect(step.started_at).toBeUndefined()
          if (step.status === 'RUNNING') expect(step.ended_at).toBeUndefined()
          if (step.status === 'SUCCESS' && step.steps) for (const c of step.steps) expect(c.status).toBe('SUCCESS')
          if (step.status === 'PENDING' && step.steps) for (const c of step.steps) expect(c.status).toBe('PENDING')
        })
      }
    }
  })

  it('fails the build of one component on build_error and never deploys', () => {
    const tl = deploymentTimeline(input({ outcome: 'build_error' }))
    expect(tl.transitions.map((x) => x.phase)).toEqual(['PENDING_BUILD', 'BUILDING', 'ERROR'])
    expect(tl.deploy).toBeUndefined()
    const s = deploymentStateAt(tl, tl.finishedAt + 1)
    expect(s.phase).toBe('ERROR')
    const failed = find(s.progress.steps, ['build', 'components', tl.failedComponent!])
    expect(failed.status).toBe('ERROR')
    expect(failed.reason?.code).toBe('BuildJobExitNonZero')
    expect(find(s.progress.steps, ['build']).status).toBe('ERROR')
    expect(find(s.progress.steps, ['deploy']).status).toBe('PENDING')
    expect(s.progress.error_steps).toBe(1)
  })

  it('fails the health checks of one service or worker on deploy_error', () => {
    const tl = deploymentTimeline(input({ outcome: 'deploy_error', components: [WEB, { name: 'site', kind: 'static_site', stack: 'node' }] }))
    expect(tl.failedComponent).toBe('web')
    expect(tl.transitions.map((x) => x.phase)).toEqual(['PENDING_BUILD', 'BUILDING', 'PENDING_DEPLOY', 'DEPLOYING', 'ERROR'])
    const s = deploymentStateAt(tl, tl.finishedAt)
    expect(s.phase).toBe('ERROR')
    const wait = find(s.progress.steps, ['deploy', 'components', 'web', 'wait'])
    expect(wait.status).toBe('ERROR')
    expect(wait.reason?.code).toBe('DeployContainerHealthChecksFailed')
    expect(find(s.progress.steps, ['deploy', 'finalize']).status).toBe('PENDING')
    expect(find(s.progress.steps, ['build']).status).toBe('SUCCESS')
  })
})

describe('deploymentStatesAt', () => {
  const first = deploymentTimeline(input({ deploymentId: 'first' }))
  const second = deploymentTimeline(input({ deploymentId: 'second', createdAt: first.finishedAt + 3_600_000 }))
  const failed = deploymentTimeline(input({ deploymentId: 'third', createdAt: second.finishedAt + 60_000, outcome: 'deploy_error' }))
  const all = [first, second, failed]

  it('supersedes an ACTIVE deployment once a later one becomes ACTIVE', () => {
    const during = deploymentStatesAt(all, second.build.span.start + 1000)
    expect(during.map((s) => s.phase)).toEqual(['ACTIVE', 'BUILDING', 'PENDING_BUILD'])
    expect(activeDeploymentIndex(all, second.build.span.start + 1000)).toBe(0)

    const after = deploymentStatesAt(all, failed.finishedAt + 1000)
    expect(after.map((s) => s.phase)).toEqual(['SUPERSEDED', 'ACTIVE', 'ERROR'])
    expect(after[0].phase_last_updated_at).toBe(second.activeAt)
    expect(after[0].updated_at).toBe(second.activeAt)
    expect(activeDeploymentIndex(all, failed.finishedAt + 1000)).toBe(1)
  })

  it('has no active deployment before the first one finishes', () => {
    expect(activeDeploymentIndex(all, T0 + 1000)).toBe(-1)
  })
})
