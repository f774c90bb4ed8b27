/** Pure, seeded producers for the DigitalOcean App Platform side: deployments, logs, metrics. */
export {
  deploymentTimeline,
  deploymentStateAt,
  deploymentStatesAt,
  activeDeploymentIndex,
  type DeploymentTimeline,
  type DeploymentTimelineInput,
  type DeploymentComponent,
  type ComponentTimeline,
  type DeploymentOutcome,
  type DeploymentPhase,
  type DeploymentState,
  type Span,
} from './deployment-timeline.js'
export type { DeploymentProgress, ProgressStep, StepStatus } from './deployment-progress.js'
export { cancelTimeline, restartTimeline, type VariantTimeline } from './deployment-variants.js'
export { buildLogLines, buildLogText, buildLogEndsAt, type BuildLogInput } from './build-log.js'
export { buildDurationMs, type BuildDurationInput } from './durations.js'
export {
  runLinesBetween,
  lastRunLines,
  lastRunLinesAcross,
  crashLastLines,
  restartedLinesAt,
  restartParams,
  formatDoLine,
  deployLogLines,
  restartTimes,
  restartCountUpTo,
  lastRestartAtOrBefore,
  nextRestartAfter,
  crashCause,
  crashCauseAt,
  CRASH_LEAD_MS,
  type Crash,
  type DoLine,
  type RunLine,
  type RunProfile,
  type DeployLogInput,
  type RestartParams,
  type CrashCause,
} from './run-log.js'
export { isRestarting, bootDelayMs, everRestarts } from './restarts.js'
export { jobInvocationRunLines } from './run-generator.js'
export {
  appMetricSeries,
  componentHealth,
  metricStepSec,
  metricValueAt,
  type AppMetric,
  type AppMetricQuery,
  type MetricMatrix,
  type MetricSeries,
  type MetricComponent,
  type ComponentHealth,
  type ComponentHealthInput,
} from './metrics.js'
export { cpuPercentAt, memoryPercentAt, type InstanceRef } from './instance-metrics.js'
export { podName, rfc3339Nano, type ComponentKind } from './shared.js'
