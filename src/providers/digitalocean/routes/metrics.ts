/** App Platform app metrics (`monitoring:read`): one Prometheus-style series per instance. */
import { metricComponent } from '../profiles.js'
import { SimError } from '../../../core/errors.js'
import type { RequestContext } from '../../../http/context.js'
import { json, type SimResponse } from '../../../http/respond.js'
import type { Route } from '../../../http/route.js'
import { appMetricSeries, type AppMetric } from '../../../simulation/digitalocean/index.js'

const MAX_WINDOW_SEC = 31 * 86_400

function resolveMetric(ctx: RequestContext, metric: AppMetric): SimResponse {
  const q = ctx.url.searchParams
  for (const name of ['app_id', 'start', 'end']) if (!q.get(name)) throw new SimError('bad_request', {}, `${name} is required`)
  const [start, end] = [q.get('start')!, q.get('end')!].map((v) => (/^\d+$/.test(v) ? Number(v) : NaN))
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new SimError('bad_request', {}, 'start and end must be unix timestamps in seconds')
  if (end < start) throw new SimError('bad_request', {}, 'end must not be before start')
  if (end - start > MAX_WINDOW_SEC) throw new SimError('bad_request', {}, 'the window may span at most 31 days')
  const backend = ctx.sim.backends.digitalocean
  const app = backend.app(q.get('app_id')!)
  const component = q.get('app_component') || undefined
  if (component !== undefined) backend.component(app, component)
  const active = backend.activeDeployment(app)
  const components = app.components.filter((c) => c.kind === 'service' || c.kind === 'worker').map((c) => metricComponent(backend, app, c, active))
  return json(appMetricSeries({ seed: backend.world.seed, appId: app.id, components, metric, startSec: start, endSec: end, component }))
}

/** The three app-metrics routes. */
export const metricRoutes: Route[] = [
  { method: 'GET', path: '/v2/monitoring/metrics/apps/cpu_percentage', operationId: 'monitoring_get_appCPUPercentageMetrics', resolve: (ctx) => resolveMetric(ctx, 'cpu_percentage') },
  { method: 'GET', path: '/v2/monitoring/metrics/apps/memory_percentage', operationId: 'monitoring_get_appMemoryPercentageMetrics', resolve: (ctx) => resolveMetric(ctx, 'memory_percentage') },
  { method: 'GET', path: '/v2/monitoring/metrics/apps/restart_count', operationId: 'monitoring_get_appRestartCountMetrics.yml', resolve: (ctx) => resolveMetric(ctx, 'restart_count') },
]
