/**
 * The life of one App Platform deployment as a deterministic timeline: PENDING_BUILD → BUILDING →
 * PENDING_DEPLOY → DEPLOYING → ACTIVE, or ERROR when a component's build or its health checks fail.
 * Every instant is a pure function of the seed, the deployment id, its creation time and its
 * components; the state at any moment is read off with {@link deploymentStateAt}.
 * @see https://docs.digitalocean.com/reference/api/api-reference/#operation/apps_get_deployment
 */
import { Random, hash32 } from '../../core/random.js'
import type { Stack } from '../types.js'
import { buildDurationMs } from './durations.js'
import { deploymentProgress, type DeploymentProgress } from './deployment-progress.js'
import type { ComponentKind, Seed } from './shared.js'

/** Phases of `apps_deployment.phase`, in the spec's order. */
export type DeploymentPhase =
  | 'UNKNOWN'
  | 'PENDING_BUILD'
  | 'BUILDING'
  | 'PENDING_DEPLOY'
  | 'DEPLOYING'
  | 'ACTIVE'
  | 'SUPERSEDED'
  | 'ERROR'
  | 'CANCELED'

/** How a simulated deployment ends. */
export type DeploymentOutcome = 'success' | 'build_error' | 'deploy_error'

/** One component of the deployment's spec. */
export interface DeploymentComponent {
  name: string
  kind: ComponentKind
  stack: Stack
}

/** Inputs of {@link deploymentTimeline}. */
export interface DeploymentTimelineInput {
  seed: Seed
  deploymentId: string
  /** Creation time, epoch ms. */
  createdAt: number
  components: DeploymentComponent[]
  outcome: DeploymentOutcome
  /** With an error outcome: the component that fails (default: a seeded pick). */
  failedComponent?: string
}

/** A step's window (epoch ms) and whether it ends well. */
export interface Span {
  start: number
  end: number
  ok: boolean
}

/** Where one component's build, rollout (`deploy`) and readiness wait (`wait`) sit in time. */
export interface ComponentTimeline extends DeploymentComponent {
  build: Span
  /** Absent when the deployment failed before rolling out. */
  deploy?: Span
  wait?: Span
}

/** The full schedule of a deployment. */
export interface DeploymentTimeline {
  seed: Seed
  deploymentId: string
  createdAt: number
  outcome: DeploymentOutcome
  components: ComponentTimeline[]
  /** The component whose build or health checks failed, when the outcome is an error. */
  failedComponent?: string
  /** Phase changes in order; the first is PENDING_BUILD at `createdAt`. */
  transitions: Array<{ phase: DeploymentPhase; at: number }>
  build: { span: Span; initialize: Span; components: Span }
  /** Absent after a build error. `finalize` is absent after a deploy error. */
  deploy?: { span: Span; initialize: Span; components: Span; finalize?: Span }
  /** When the deployment became ACTIVE, if it does. */
  activeAt?: number
  /** When the deployment reached its final phase (ACTIVE or ERROR). */
  finishedAt: number
  /** Every instant at which something visible changes, ascending. */
  events: number[]
}

/** What `apps_get_deployment` reports at a given moment. */
export interface DeploymentState {
  phase: DeploymentPhase
  /** Epoch ms of the last phase change. */
  phase_last_updated_at: number
  /** Epoch ms of the last visible change (a step starting or ending). */
  updated_at: number
  progress: DeploymentProgress
}

const WAIT_SECONDS: Record<ComponentKind, [number, number]> = {
  service: [24, 80],
  worker: [24, 60],
  job: [24, 60],
  static_site: [24, 40],
}

function failingComponent(input: DeploymentTimelineInput): string | undefined {
  if (input.outcome === 'success') return undefined
  if (input.failedComponent !== undefined && input.components.some((c) => c.name === input.failedComponent)) return input.failedComponent
  const pool =
    input.outcome === 'deploy_error'
      ? input.components.filter((c) => c.kind === 'service' || c.kind === 'worker')
      : input.components
  const from = pool.length > 0 ? pool : input.components
  return from[hash32(input.seed, input.deploymentId, 'fails') % from.length].name
}

/** Computes the deterministic schedule of a deployment (build 1–4 min, rollout 30–120 s). */
export function deploymentTimeline(input: DeploymentTimelineInput): DeploymentTimeline {
  const { seed, deploymentId, createdAt, components, outcome } = input
  if (components.length === 0) throw new RangeError('a deployment needs at least one component')
  const r = new Random(hash32(seed, deploymentId, 'timeline'))
  const failed = failingComponent(input)
  const buildFails = outcome === 'build_error'
  const deployFails = outcome === 'deploy_error'

  const buildStart = createdAt + r.int(2500, 12000)
  const bInit: Span = { start: buildStart + 1, end: buildStart + r.int(400, 1500), ok: true }
  const bCompStart = bInit.end + 1
  const comps: ComponentTimeline[] = components.map((c) => {
    const cr = new Random(hash32(seed, deploymentId, c.name, 'build-step'))
    const start = bCompStart + cr.int(0, 800)
    const fails = buildFails && c.name === failed
    const dur = buildDurationMs({ seed, deploymentId, component: c.name, stack: c.stack, kind: c.kind }, fails ? 'failure' : 'success')
    return { ...c, build: { start, end: start + dur, ok: !fails } }
  })
  const bCompEnd = Math.max(...comps.map((c) => c.build.end)) + r.int(5, 60)
  const bComponents: Span = { start: bCompStart, end: bCompEnd, ok: !buildFails }
  const buildEnd = bCompEnd + r.int(200, 600)
  const build = { span: { start: buildStart, end: buildEnd, ok: !buildFails }, initialize: bInit, components: bComponents }

  const transitions: DeploymentTimeline['transitions'] = [
    { phase: 'PENDING_BUILD', at: createdAt },
    { phase: 'BUILDING', at: buildStart },
  ]
  const events = [createdAt, buildStart, bInit.start, bInit.end, bCompStart, bCompEnd, buildEnd]
  for (const c of comps) events.push(c.build.start, c.build.end)

  if (buildFails) {
    transitions.push({ phase: 'ERROR', at: buildEnd })
    return finish({ seed, deploymentId, createdAt, outcome, components: comps, failedComponent: failed, transitions, build, finishedAt: buildEnd, events })
  }

  transitions.push({ phase: 'PENDING_DEPLOY', at: buildEnd })
  const deployStart = buildEnd + r.int(2000, 8000)
  transitions.push({ phase: 'DEPLOYING', at: deployStart })
  const dInit: Span = { start: deployStart + 1, end: deployStart + r.int(500, 1500), ok: true }
  const dCompStart = dInit.end + 1
  for (const c of comps) {
    const cr = new Random(hash32(seed, deploymentId, c.name, 'deploy-step'))
    const start = dCompStart + cr.int(0, 800)
    c.deploy = { start, end: start + cr.int(5000, 15000), ok: true }
    const fails = deployFails && c.name === failed
    const [lo, hi] = fails ? [60, 92] : WAIT_SECONDS[c.kind]
    c.wait = { start: c.deploy.end + 1, end: c.deploy.end + 1 + cr.int(lo * 1000, hi * 1000), ok: !fails }
    events.push(c.deploy.start, c.deploy.end, c.wait.start, c.wait.end)
  }
  const dCompEnd = Math.max(...comps.map((c) => c.wait!.end)) + r.int(5, 60)
  const dComponents: Span = { start: dCompStart, end: dCompEnd, ok: !deployFails }
  events.push(deployStart, dInit.start, dInit.end, dCompStart, dCompEnd)

  if (deployFails) {
    const end = dCompEnd + r.int(100, 400)
    const deploy = { span: { start: deployStart, end, ok: false }, initialize: dInit, components: dComponents }
    transitions.push({ phase: 'ERROR', at: end })
    events.push(end)
    return finish({ seed, deploymentId, createdAt, outcome, components: comps, failedComponent: failed, transitions, build, deploy, finishedAt: end, events })
  }

  const fStart = dCompEnd + r.int(250, 600)
  const finalize: Span = { start: fStart, end: fStart + r.int(1000, 3500), ok: true }
  const end = finalize.end + 1
  const deploy = { span: { start: deployStart, end, ok: true }, initialize: dInit, components: dComponents, finalize }
  transitions.push({ phase: 'ACTIVE', at: end })
  events.push(finalize.start, finalize.end, end)
  return finish({ seed, deploymentId, createdAt, outcome, components: comps, transitions, build, deploy, activeAt: end, finishedAt: end, events })
}

function finish(t: DeploymentTimeline): DeploymentTimeline {
  t.events = [...new Set(t.events)].sort((a, b) => a - b)
  return t
}

function lastAtOrBefore(sorted: number[], now: number): number | undefined {
  let lo = 0
  let hi = sorted.length - 1
  let found: number | undefined
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] <= now) {
      found = sorted[mid]
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** The phase, its last change, the last update and the step progress of a deployment at `nowMs`. */
export function deploymentStateAt(timeline: DeploymentTimeline, nowMs: number): DeploymentState {
  let current = timeline.transitions[0]
  for (const t of timeline.transitions) if (t.at <= nowMs) current = t
  return {
    phase: current.phase,
    phase_last_updated_at: current.at,
    updated_at: lastAtOrBefore(timeline.events, nowMs) ?? timeline.createdAt,
    progress: deploymentProgress(timeline, nowMs),
  }
}

/**
 * States of an app's deployments (ordered by creation) at `nowMs`, with an ACTIVE deployment
 * turned SUPERSEDED from the moment a later-created one became ACTIVE.
 * @note DigitalOcean keeps exactly one ACTIVE deployment per app; older ones read SUPERSEDED.
 */
export function deploymentStatesAt(timelines: readonly DeploymentTimeline[], nowMs: number): DeploymentState[] {
  const states = timelines.map((t) => deploymentStateAt(t, nowMs))
  let laterActive = Infinity
  for (let i = timelines.length - 1; i >= 0; i--) {
    const s = states[i]
    const activeAt = timelines[i].activeAt
    if (s.phase === 'ACTIVE' && laterActive <= nowMs && activeAt !== undefined) {
      const at = Math.max(activeAt, laterActive)
      states[i] = { ...s, phase: 'SUPERSEDED', phase_last_updated_at: at, updated_at: Math.max(s.updated_at, at) }
    }
    if (activeAt !== undefined && activeAt <= nowMs) laterActive = Math.min(laterActive, activeAt)
  }
  return states
}

/** Index of the deployment serving the app at `nowMs` (the latest-created ACTIVE one), or -1. */
export function activeDeploymentIndex(timelines: readonly DeploymentTimeline[], nowMs: number): number {
  for (let i = timelines.length - 1; i >= 0; i--) {
    const at = timelines[i].activeAt
    if (at !== undefined && at <= nowMs) return i
  }
  return -1
}
