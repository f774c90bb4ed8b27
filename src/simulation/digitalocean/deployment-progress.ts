/**
 * The `progress` object of an App Platform deployment at a moment, in the spec's
 * `apps_deployment_progress` shape: a `build` step (initialize, then one substep per component)
 * and a `deploy` step (initialize, per-component `deploy` and `wait` substeps, finalize).
 * Counters count leaf steps, as the real API does (one service → 6 steps).
 */
import { hash32 } from '../../core/random.js'
import type { DeploymentTimeline, Span } from './deployment-timeline.js'
import type { VariantTimeline } from './deployment-variants.js'
import { kindLabel, rfc3339Nano } from './shared.js'

/** `apps_deployment_progress_step_status`. */
export type StepStatus = 'UNKNOWN' | 'PENDING' | 'RUNNING' | 'ERROR' | 'SUCCESS'

/** One step of `progress.steps`, times already rendered as RFC 3339 with nanoseconds. */
export interface ProgressStep {
  name: string
  status: StepStatus
  steps?: ProgressStep[]
  started_at?: string
  ended_at?: string
  component_name?: string
  message_base?: string
  reason?: { code: string; message: string }
}

/** `apps_deployment_progress`. */
export interface DeploymentProgress {
  pending_steps: number
  running_steps: number
  success_steps: number
  error_steps: number
  total_steps: number
  steps: ProgressStep[]
}

const BUILD_REASON = {
  code: 'BuildJobExitNonZero',
  message: 'Your build job failed because it returned a non-zero exit code.',
}
const DEPLOY_REASON = {
  code: 'DeployContainerHealthChecksFailed',
  message: 'Your deploy failed because your container failed health checks.',
}

interface Extra {
  steps?: ProgressStep[]
  component_name?: string
  message_base?: string
  reason?: ProgressStep['reason']
}

function step(t: DeploymentTimeline, path: string, name: string, span: Span | undefined, now: number, extra: Extra = {}): ProgressStep {
  const out: ProgressStep = { name, status: 'PENDING' }
  if (extra.steps) out.steps = extra.steps
  if (span && now >= span.start) {
    out.status = now < span.end ? 'RUNNING' : span.ok ? 'SUCCESS' : 'ERROR'
    // Real step times carry nanoseconds; derive them from the step's path so they are stable.
    out.started_at = rfc3339Nano(span.start, hash32(t.deploymentId, path, 's') % 1_000_000)
    if (now >= span.end) out.ended_at = rfc3339Nano(span.end, hash32(t.deploymentId, path, 'e') % 1_000_000)
  }
  if (extra.component_name !== undefined) out.component_name = extra.component_name
  if (extra.message_base !== undefined) out.message_base = extra.message_base
  if (out.status === 'ERROR' && extra.reason) out.reason = extra.reason
  return out
}

/** Builds the progress tree of a deployment at `nowMs`. */
export function deploymentProgress(t: DeploymentTimeline, nowMs: number): DeploymentProgress {
  const buildComponents = t.components.map((c) =>
    step(t, `build/${c.name}`, c.name, c.build, nowMs, {
      component_name: c.name,
      message_base: `Building ${kindLabel(c.kind)}`,
      reason: BUILD_REASON,
    }),
  )
  const build = step(t, 'build', 'build', t.build.span, nowMs, {
    steps: [
      step(t, 'build/initialize', 'initialize', t.build.initialize, nowMs),
      step(t, 'build/components', 'components', t.build.components, nowMs, { steps: buildComponents }),
    ],
  })

  const d = t.deploy
  const deployComponents = t.components.map((c) => {
    const label = kindLabel(c.kind)
    const children = [
      step(t, `deploy/${c.name}/deploy`, 'deploy', c.deploy, nowMs, {
        component_name: c.name,
        message_base: `Deploying ${label}`,
      }),
      step(t, `deploy/${c.name}/wait`, 'wait', c.wait, nowMs, {
        component_name: c.name,
        message_base: `Waiting for ${label}`,
        reason: DEPLOY_REASON,
      }),
    ]
    const span = c.deploy && c.wait ? { start: c.deploy.start, end: c.wait.end, ok: c.wait.ok } : undefined
    return step(t, `deploy/${c.name}`, c.name, span, nowMs, { steps: children, component_name: c.name })
  })
  const deploy = step(t, 'deploy', 'deploy', d?.span, nowMs, {
    steps: [
      step(t, 'deploy/initialize', 'initialize', d?.initialize, nowMs),
      step(t, 'deploy/components', 'components', d?.components, nowMs, { steps: deployComponents }),
      step(t, 'deploy/finalize', 'finalize', d?.finalize, nowMs),
    ],
  })

  const progress: DeploymentProgress = {
    pending_steps: 0,
    running_steps: 0,
    success_steps: 0,
    error_steps: 0,
    total_steps: 0,
    // a restart rolls running containers again: it has no build step
    steps: (t as VariantTimeline).restart ? [deploy] : [build, deploy],
  }
  const count = (s: ProgressStep): void => {
    if (s.steps && s.steps.length > 0) {
      for (const child of s.steps) count(child)
      return
    }
    progress.total_steps++
    if (s.status === 'PENDING' || s.status === 'UNKNOWN') progress.pending_steps++
    else if (s.status === 'RUNNING') progress.running_steps++
    else if (s.status === 'SUCCESS') progress.success_steps++
    else progress.error_steps++
  }
  for (const s of progress.steps) count(s)
  return progress
}
