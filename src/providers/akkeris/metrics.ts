/** Akkeris app metrics: query validation as the API does it, then the seeded series. */
import { parseDuration } from '../../core/duration.js'
import { SimError } from '../../core/errors.js'
import { MAX_SAMPLES_PER_SERIES, type MetricsInput } from '../../simulation/akkeris/metrics.js'
import { generateMetricsJson } from '../../simulation/akkeris/metrics-json.js'
import type { AkkerisBackend } from './backend.js'
import { appDynoCrashes } from './crashes.js'
import { dynoRestarts } from './dynos.js'
import { releaseTimes } from './timeline.js'

const RESOLUTION = /^[0-9]+[a-z]+$/
const DEFAULT_WINDOW_MS = 24 * 3600_000
/** More points than this per series is refused, as Prometheus refuses them. */
export const MAX_POINTS = MAX_SAMPLES_PER_SERIES

/** Query of `GET /apps/{app}/metrics`, as strings from the URL. */
export interface MetricsQuery {
  resolution?: string | null
  from?: string | null
  to?: string | null
}

function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value)
  return Number.isFinite(ms) ? ms : undefined
}

/** The metrics of an app for a window (24 h ending now by default, also when from == to), as JSON text. */
export function appMetricsJson(backend: AkkerisBackend, appRef: string, query: MetricsQuery): string {
  return generateMetricsJson(metricsInput(backend, appRef, query))
}

/** What an app's metrics for the query are made from; bad queries throw the API's errors. */
function metricsInput(backend: AkkerisBackend, appRef: string, query: MetricsQuery): MetricsInput {
  const app = backend.app(appRef)
  const resolution = query.resolution || '30m'
  const stepMs = RESOLUTION.test(resolution) ? parseDuration(resolution) : undefined
  if (!stepMs || stepMs < 1000) throw new SimError('invalid_resolution')
  const now = backend.now()
  let to = parseTime(query.to) ?? now
  let from = parseTime(query.from) ?? to - DEFAULT_WINDOW_MS
  if (from >= to) {
    to = from === to ? to : now
    from = to - DEFAULT_WINDOW_MS
  }
  const stepSec = Math.round(stepMs / 1000)
  if ((to - from) / 1000 / stepSec > MAX_POINTS) throw new SimError('too_many_points', { max: MAX_POINTS })
  const formations = backend.formations(app)
  const builds = backend.plannedBuilds(app)
  return {
    seed: backend.world.seed,
    appId: app.id,
    formations: formations.map((f) => ({ type: f.type, quantity: f.quantity, size: f.size })),
    restarts: [...releaseTimes(builds), ...dynoRestarts(backend, app).map((r) => r.at)],
    crashes: appDynoCrashes(backend, app).map((c) => ({ type: c.type, slot: c.slot, at: c.at })),
    requestsPerMinute: formations.some((f) => f.type === 'web' && f.quantity > 0) ? app.requestsPerMinute : 0,
    fromSec: Math.floor(from / 1000),
    toSec: Math.floor(to / 1000),
    stepSec,
  }
}
