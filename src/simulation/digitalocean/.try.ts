import { runLinesBetween, lastRunLines, restartedLinesAt, deployLogLines } from './run-log.js'
import { buildLogText } from './build-log.js'
import { deploymentTimeline, deploymentStateAt } from './deployment-timeline.js'
import { appMetricSeries, componentHealth } from './metrics.js'
import { STACKS } from '../types.js'
const T = Date.parse('2026-01-01T12:00:00Z')
for (const stack of STACKS) for (const kind of ['service','worker','job'] as const) {
  const p = { seed: 42, appId: 'app-1', component: kind==='service'?'web':kind, instances: [`${kind}-0`,`${kind}-1`], kind, stack, requestsPerMinute: 120, since: T - 3600_000 }
  const l = kind === 'job' ? lastRunLines(p, T, 6) : runLinesBetween(p, T, T + 3000)
  console.log(`--- ${stack} ${kind} ${l.length}`); for (const x of l.slice(0, 4)) console.log(x.text)
}
const p = { seed: 42, appId: 'app-1', component: 'worker', instances: ['worker-0'], kind: 'worker' as const, stack: 'node' as const, requestsPerMinute: 60, since: T - 3600_000, crashing: true }
for (const x of restartedLinesAt(p, T, 25)) console.log(x.text)
const tl = deploymentTimeline({ seed: 1, deploymentId: 'd1f2e3a4-0000-4000-8000-000000000000', createdAt: T, components: [{name:'web',kind:'service',stack:'python'},{name:'worker',kind:'worker',stack:'python'}], outcome: 'deploy_error' })
console.log(tl.transitions.map(t => `${t.phase}@${(t.at-T)/1000}`).join(' '))
console.log(JSON.stringify(deploymentStateAt(tl, T + 150_000), null, 1).slice(0, 3000))
for (const x of deployLogLines({ timeline: tl, appId: 'app-1', component: tl.failedComponent!, instances: ['web-0','web-1'] })) console.log(x.text)
for (const x of buildLogText({ seed: 1, deploymentId: 'd1', component: 'web', stack: 'node', repo: 'https://github.com/acme/api.git', branch: 'main', sha: 'a'.repeat(40), startedAt: T, outcome: 'success' })) console.log(x.text)
console.log(JSON.stringify(appMetricSeries({ seed: 1, appId: 'app-1', components: [{ name: 'worker', instances: ['worker-0'], crashing: true, since: T - 3600_000 }], metric: 'memory_percentage', startSec: T/1000 - 1800, endSec: T/1000 })).slice(0, 1500))
console.log(componentHealth({ seed: 1, appId: 'app-1', component: { name: 'worker', instances: ['worker-0','worker-1'], crashing: true, since: T - 3600_000 }, atMs: T }))
