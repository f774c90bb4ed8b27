/**
 * The JSON bodies the simulated DigitalOcean App Platform API answers with, typed for clients and
 * tests (derived from the serializers where they exist, so they cannot drift from what is sent).
 * @see https://docs.digitalocean.com/reference/api/digitalocean/#tag/Apps
 */
import type { ComponentHealth, MetricMatrix } from '../../simulation/digitalocean/index.js'
import type { logUrls } from './logs.js'
import type { paginate, serializeApp, serializeDeployment } from './serializers.js'

/** An app as `GET /v2/apps/{id}` and `GET /v2/apps` show it. */
export type DoAppBody = ReturnType<typeof serializeApp>
/** A deployment as the deployments routes show it. */
export type DoDeploymentBody = ReturnType<typeof serializeDeployment>
/** `links` and `meta` of a paginated list. */
export type DoPageBody = ReturnType<typeof paginate>

/** `GET /v2/apps` */
export type DoAppsListBody = { apps: DoAppBody[] } & DoPageBody
/** `GET /v2/apps/{id}` */
export interface DoAppGetBody {
  app: DoAppBody
}
/** `GET /v2/apps/{app_id}/deployments` */
export type DoDeploymentsListBody = { deployments: DoDeploymentBody[] } & DoPageBody
/** `GET /v2/apps/{app_id}/deployments/{deployment_id}` */
export interface DoDeploymentGetBody {
  deployment: DoDeploymentBody
}
/** Every logs route: a live URL (WebSocket, or plain HTTP here) while live, and pre-signed archives. */
export type DoLogsBody = ReturnType<typeof logUrls>
/** `GET /v2/apps/{app_id}/health` */
export interface DoHealthBody {
  app_health: { components: ComponentHealth[] }
}
/** `GET /v2/apps/{app_id}/instances` */
export interface DoInstancesBody {
  instances: Array<{ component_name: string; component_type: 'SERVICE' | 'WORKER'; instance_name: string; instance_alias: string }>
}
/** `GET /v2/apps/{app_id}/metrics/bandwidth_daily` and `POST /v2/apps/metrics/bandwidth_daily` */
export interface DoBandwidthBody {
  app_bandwidth_usage: Array<{ app_id: string; bandwidth_bytes: string }>
  date: string
}
/** `GET /v2/monitoring/metrics/apps/{cpu_percentage,memory_percentage,restart_count}`: a Prometheus-style matrix. */
export type DoAppMetricsBody = MetricMatrix
/** Every error: `id` is the error kind (`not_found`, `unauthorized`, `forbidden`, `too_many_requests`, …). */
export interface DoErrorBody {
  id: string
  message: string
  request_id: string
}
/** A job invocation (`GET /v2/apps/{app_id}/job-invocations[/{id}]`; the list wraps them in `job_invocations`). */
export interface DoJobInvocationBody {
  id: string
  job_name: string
  deployment_id: string
  phase: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  created_at: string
  started_at?: string
  completed_at?: string
  trigger: { type: 'SCHEDULE'; scheduled: { schedule: { cron: string; time_zone: string } } } | { type: 'MANUAL'; manual: { user: { uuid: string; email: string } } }
}
/** An autoscaling event (`GET /v2/apps/{app_id}/events/{event_id}` wraps it in `event`; the list in `events`). */
export interface DoEventBody {
  id: string
  type: 'AUTOSCALING'
  created_at: string
  deployment_id: string
  autoscaling: { phase: 'IN_PROGRESS' | 'SUCCEEDED'; components: Record<string, { from: number; to: number; triggering_metric: string }> }
}
