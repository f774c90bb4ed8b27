/**
 * Two variations on a deployment's timeline: a restart (a deployment without a build, rolling only
 * the named components: it starts at PENDING_DEPLOY) and a cancelled deployment (cut at the moment
 * of cancelling, ending CANCELED). Both transform the pure timeline of {@link deploymentTimeline},
 * so the progress, the phases and the logs read them as they read any deployment.
 * @see ../../../../shared/reference/digitalocean.md#deployments-create-cancel-restart
 */
import { deploymentTimeline, type DeploymentTimeline, type DeploymentTimelineInput, type Span } from './deployment-timeline.js'

/** A deployment timeline that may be a restart or cut by a cancel. */
export interface VariantTimeline extends DeploymentTimeline {
  /** Set on a restart: the components it rolls (no build). */
  restart?: { components: string[] }
  /** Set once cancelled: when. */
  canceledAt?: number
}

/**
 * The timeline of a restart: the rollout of a normal deployment of `components`, moved to start
 * at creation (PENDING_DEPLOY), with empty build spans that the progress leaves out.
 */
export function restartTimeline(input: DeploymentTimelineInput): VariantTimeline {
  const full = deploymentTimeline({ ...input, outcome: input.outcome === 'build_error' ? 'success' : input.outcome })
  const shift = full.build.span.end - input.createdAt
  const at = (ms: number) => ms - shift
  const move = (s: Span | undefined): Span | undefined => (s ? { start: at(s.start), end: at(s.end), ok: s.ok } : undefined)
  const none: Span = { start: input.createdAt, end: input.createdAt, ok: true }
  const d = full.deploy!
  return {
    ...full,
    restart: { components: input.components.map((c) => c.name) },
    components: full.components.map((c) => ({ ...c, build: none, deploy: move(c.deploy), wait: move(c.wait) })),
    transitions: full.transitions.filter((t) => t.at >= full.build.span.end).map((t) => ({ phase: t.phase, at: Math.max(input.createdAt, at(t.at)) })),
    build: { span: none, initialize: none, components: none },
    deploy: { span: move(d.span)!, initialize: move(d.initialize)!, components: move(d.components)!, ...(d.finalize ? { finalize: move(d.finalize) } : {}) },
    activeAt: full.activeAt === undefined ? undefined : at(full.activeAt),
    finishedAt: at(full.finishedAt),
    events: [...new Set([input.createdAt, ...full.events.filter((e) => e >= full.build.span.end).map(at)])].sort((a, b) => a - b),
  }
}

/**
 * The timeline cut at `at`: steps not started stay pending, steps running at that moment end in
 * error (so a client waiting on `error_steps` stops waiting), and the deployment ends CANCELED.
 * A deployment that already ended is returned unchanged.
 */
export function cancelTimeline(t: VariantTimeline, at: number): VariantTimeline {
  if (at >= t.finishedAt) return t
  const cut = (s: Span | undefined): Span | undefined => (!s || s.start > at ? undefined : s.end <= at ? s : { start: s.start, end: at, ok: false })
  const pending: Span = { start: Infinity, end: Infinity, ok: true }
  const buildSpan = (s: Span) => cut(s) ?? pending
  return {
    ...t,
    canceledAt: at,
    components: t.components.map((c) => ({ ...c, build: buildSpan(c.build), deploy: cut(c.deploy), wait: cut(c.wait) })),
    transitions: [...t.transitions.filter((x) => x.at <= at), { phase: 'CANCELED', at }],
    build: { span: buildSpan(t.build.span), initialize: buildSpan(t.build.initialize), components: buildSpan(t.build.components) },
    deploy: t.deploy && t.deploy.span.start <= at ? { span: cut(t.deploy.span)!, initialize: cut(t.deploy.initialize) ?? pending, components: cut(t.deploy.components) ?? pending, finalize: cut(t.deploy.finalize) } : undefined,
    activeAt: undefined,
    finishedAt: at,
    events: [...t.events.filter((e) => e <= at), at].filter((e, i, all) => all.indexOf(e) === i),
  }
}
