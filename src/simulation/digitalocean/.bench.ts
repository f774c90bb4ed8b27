import { runLinesBetween } from './run-log.js'
import { STACKS } from '../types.js'
const T = Date.parse('2026-01-01T12:00:00Z')
for (const kind of ['service', 'worker'] as const) for (const stack of STACKS) for (const inst of [1, 3]) {
  const p = { seed: 7, appId: 'a', component: 'web', instances: Array.from({length: inst}, (_, i) => `web-${i}`), kind, stack, requestsPerMinute: 600_000 }
  runLinesBetween(p, T, T + 5000) // warm
  let n = 0; const t0 = process.hrtime.bigint()
  for (let s = 0; s < 60; s += 1) n += runLinesBetween(p, T + s * 1000, T + s * 1000 + 1000).length
  const dt = Number(process.hrtime.bigint() - t0) / 1e9
  console.log(kind, stack, inst, n, Math.round(n / dt), 'lines/s', (dt / n * 1e6).toFixed(2), 'us/line')
}
