/**
 * Finds real ids on the server before the cases run: its apps and their components, deployments,
 * job invocations and events, by listing them with the main token.
 */
import type { Target } from './target.js'

/** An app as the run needs it. */
export interface DiscoveredApp {
  id: string
  name: string
  components: Array<{ name: string; kind: 'service' | 'worker' | 'job' | 'static_site' }>
  activeDeploymentId?: string
  /** Newest first, as the API lists them. */
  deployments: Array<{ id: string; phase?: string }>
  jobInvocations: Array<{ id: string; jobName: string; deploymentId?: string }>
  events: Array<{ id: string; deploymentId?: string; component?: string }>
}

/** What the server holds; `primary` has an active deployment. */
export interface Discovery {
  apps: DiscoveredApp[]
  primary: DiscoveredApp
  /** The server's "now" (epoch ms), for metrics windows and bandwidth dates. */
  nowMs: number
}

/** Discovery failed: the server is unreachable, refused the token, or holds nothing to exercise. */
export class DiscoveryError extends Error {}

const MAX_APPS = 10
const SPEC_KEYS = [
  ['services', 'service'],
  ['workers', 'worker'],
  ['jobs', 'job'],
  ['static_sites', 'static_site'],
] as const

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : [])

/** Lists the apps (following `links.pages.next`) and each app's deployments, job invocations and events. */
export async function discover(target: Target, timeoutMs: number): Promise<Discovery> {
  let latest = 0
  let dateHeader: number | undefined
  const seen = (...values: unknown[]) => {
    for (const v of values) {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN
      if (Number.isFinite(ms) && ms > latest && !v!.toString().startsWith('0001-')) latest = ms
    }
  }
  const get = async (path: string): Promise<Json> => {
    const url = path.startsWith('http') ? path : target.origin + path
    let res: Response
    let text: string
    try {
      res = await target.send(url, { headers: { authorization: `Bearer ${target.tokens.main}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) })
      text = await res.text()
    } catch (err) {
      throw new DiscoveryError(`cannot reach ${target.origin}: ${describeError(err)}`)
    }
    const date = Date.parse(res.headers.get('date') ?? '')
    if (Number.isFinite(date)) dateHeader = date
    if (res.status !== 200) throw new DiscoveryError(`GET ${new URL(url).pathname} answered ${res.status} with the main token (${text.slice(0, 160)})`)
    try {
      const body = JSON.parse(text) as unknown
      if (isObject(body)) return body
    } catch {
      // reported below
    }
    throw new DiscoveryError(`GET ${new URL(url).pathname} did not answer a JSON object`)
  }

  const rawApps: Json[] = []
  let next: string | undefined = '/v2/apps?per_page=200'
  for (let pages = 0; next && pages < 5 && rawApps.length < MAX_APPS; pages++) {
    const body: Json = await get(next)
    rawApps.push(...list(body.apps))
    const links: Json | undefined = isObject(body.links) && isObject(body.links.pages) ? body.links.pages : undefined
    next = str(links?.next)
  }
  const apps: DiscoveredApp[] = []
  for (const raw of rawApps.slice(0, MAX_APPS)) {
    const id = str(raw.id)
    if (!id) continue
    const spec = isObject(raw.spec) ? raw.spec : {}
    const components = SPEC_KEYS.flatMap(([key, kind]) => list(spec[key]).flatMap((c) => (str(c.name) ? [{ name: c.name as string, kind }] : [])))
    const active = isObject(raw.active_deployment) ? str(raw.active_deployment.id) : undefined
    seen(raw.updated_at, raw.created_at)
    const base = `/v2/apps/${encodeURIComponent(id)}`
    const deployments = list((await get(`${base}/deployments?per_page=200`)).deployments).flatMap((d) => {
      seen(d.created_at, d.updated_at, d.phase_last_updated_at)
      return str(d.id) ? [{ id: d.id as string, phase: str(d.phase) }] : []
    })
    const jobInvocations = list((await get(`${base}/job-invocations?per_page=200`)).job_invocations).flatMap((j) => {
      seen(j.created_at, j.started_at, j.completed_at)
      return str(j.id) && str(j.job_name) ? [{ id: j.id as string, jobName: j.job_name as string, deploymentId: str(j.deployment_id) }] : []
    })
    const events = list((await get(`${base}/events?per_page=200`)).events).flatMap((e) => {
      seen(e.created_at)
      const scaled = isObject(e.autoscaling) && isObject(e.autoscaling.components) ? Object.keys(e.autoscaling.components)[0] : undefined
      return str(e.id) ? [{ id: e.id as string, deploymentId: str(e.deployment_id), component: scaled }] : []
    })
    apps.push({ id, name: str(spec.name) ?? str(raw.name) ?? id, components, activeDeploymentId: active, deployments, jobInvocations, events })
  }
  // The app with the most components exercises the most: per-component logs run over each of them.
  const withActive = apps.filter((a) => a.activeDeploymentId && a.components.some((c) => c.kind === 'service' || c.kind === 'worker'))
  const primary = withActive.reduce<DiscoveredApp | undefined>((best, a) => (!best || a.components.length > best.components.length ? a : best), undefined)
  if (!primary) throw new DiscoveryError(`${target.origin} has no app with an active deployment and a service or worker; the cases need one`)
  // The Date header is wall time; a manual-clock simulator lives elsewhere, so take the later of the two.
  const nowMs = target.now ?? Math.max(dateHeader ?? 0, latest)
  return { apps, primary, nowMs }
}

/** A network error's most useful message (`fetch failed` hides the cause). */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = (err as { cause?: unknown }).cause
  if (err.name === 'TimeoutError') return 'timed out'
  return cause instanceof Error ? `${err.message}: ${(cause as { code?: string }).code ?? cause.message}` : err.message
}
