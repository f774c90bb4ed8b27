/**
 * App Platform writes — create a deployment, cancel one, restart components — and the catalog
 * reads beside them: regions, instance sizes and an app's alerts.
 * @see ../../../../../shared/reference/digitalocean.md#deployments-create-cancel-restart
 */
import { isSimError, SimError } from '../../../core/errors.js'
import type { RequestContext } from '../../../http/context.js'
import { json } from '../../../http/respond.js'
import type { Route } from '../../../http/route.js'
import type { DigitalOceanBackend } from '../backend.js'
import { APP_REGIONS, appAlerts, instanceSizes } from '../catalog.js'
import { restartApp } from '../restarts.js'
import { serializeDeployment } from '../serializers.js'

const backendOf = (ctx: RequestContext): DigitalOceanBackend => ctx.sim.backends.digitalocean

/** The JSON body, or `null` when there is none (curl and pydo may send no body at all). */
async function optionalBody(ctx: RequestContext): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await ctx.readJson()
  } catch (err) {
    if (isSimError(err) && err.code === 'malformed_json' && /end of JSON input/.test(err.message)) return {}
    throw err
  }
  if (body === null) return {} // godo's CreateDeployment without options sends `null`
  if (typeof body !== 'object' || Array.isArray(body)) throw new SimError('bad_request', {}, 'the request body must be a JSON object')
  return body as Record<string, unknown>
}

/** Deployment writes and the catalog; the static paths come before `/v2/apps/{id}`. */
export const deploymentRoutes: Route[] = [
  { method: 'GET', path: '/v2/apps/regions', operationId: 'apps_list_regions', resolve: () => json({ regions: APP_REGIONS }) },
  { method: 'GET', path: '/v2/apps/tiers/instance_sizes', operationId: 'apps_list_instanceSizes', resolve: () => json({ instance_sizes: instanceSizes(), discount_percent: 0 }) },
  {
    method: 'GET',
    path: '/v2/apps/tiers/instance_sizes/{slug}',
    operationId: 'apps_get_instanceSize',
    resolve: (ctx) => {
      const size = instanceSizes().find((s) => s.slug === ctx.params.slug)
      if (!size) throw new SimError('not_found')
      return json({ instance_size: size })
    },
  },
  {
    method: 'GET',
    path: '/v2/apps/{app_id}/alerts',
    operationId: 'apps_list_alerts',
    resolve: (ctx) => {
      const backend = backendOf(ctx)
      return json({ alerts: appAlerts(backend.world.seed, backend.app(ctx.params.app_id)) })
    },
  },
  {
    method: 'POST',
    path: '/v2/apps/{app_id}/deployments',
    operationId: 'apps_create_deployment',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const { force_build: force } = await optionalBody(ctx)
      if (force !== undefined && typeof force !== 'boolean') throw new SimError('bad_request', {}, 'force_build must be a boolean')
      const d = await backend.createDeployment(app.id, { forceBuild: force ?? false, cause: 'manual' })
      return json({ deployment: serializeDeployment(app, d) })
    },
  },
  {
    method: 'POST',
    path: '/v2/apps/{app_id}/deployments/{deployment_id}/cancel',
    operationId: 'apps_cancel_deployment',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      return json({ deployment: serializeDeployment(app, await backend.cancelDeployment(app.id, ctx.params.deployment_id)) })
    },
  },
  {
    method: 'POST',
    path: '/v2/apps/{app_id}/restart',
    operationId: 'apps_restart',
    resolve: async (ctx) => {
      const backend = backendOf(ctx)
      const app = backend.app(ctx.params.app_id)
      const { components } = await optionalBody(ctx)
      if (components !== undefined && components !== null && !(Array.isArray(components) && components.every((c) => typeof c === 'string'))) {
        throw new SimError('bad_request', {}, 'components must be a list of component names')
      }
      return json({ deployment: serializeDeployment(app, await restartApp(backend, app.id, (components as string[] | null) ?? [])) })
    },
  },
]
