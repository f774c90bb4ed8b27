/**
 * App Platform requests as fault rules see them: the app is the `{app_id}` of the path or the
 * `app_id` of the metrics query, or the app a live or archive URL's signed token grants; the component
 * is the `{component_name}` of the path, the `component_name` or `app_component` of the query, or
 * the token's component.
 */
import type { FaultScope } from '../../http/provider.js'
import type { Simulation } from '../../sim.js'
import { readTicket } from './log-urls.js'

/** The DigitalOcean provider's {@link FaultScope}. */
export const digitalOceanFaultScope: FaultScope = {
  subject(ctx) {
    const query = ctx.url.searchParams
    if (ctx.operationId === 'live_logs.stream' || ctx.operationId === 'log_archive.get') {
      const ticket = readTicket(ctx.sim.logUrlKey, query.get('token'))
      return ticket ? { app: ticket.app, component: ticket.component || undefined } : {}
    }
    const app = ctx.params.app_id ?? ctx.params.id ?? query.get('app_id') ?? undefined
    const component = ctx.params.component_name ?? query.get('component_name') ?? query.get('app_component') ?? undefined
    return { app, component: component || undefined }
  },
  appId(sim: Simulation, ref: string) {
    const backend = sim.backends.digitalocean
    try {
      return backend.app(ref).id
    } catch {
      return backend.listApps().find((a) => a.name === ref)?.id
    }
  },
  componentNames: (_sim, _app, ref) => [ref],
}
