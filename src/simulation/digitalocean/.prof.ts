import { runLinesBetween } from './run-log.js'
const T = Date.parse('2026-01-01T12:00:00Z')
const stack = (process.argv[2] ?? 'node') as any
const p = { seed: 7, appId: 'a', component: 'web', instances: ['web-0'], kind: (process.argv[3] ?? 'service') as any, stack, requestsPerMinute: 600_000 }
let n = 0; const t0 = process.hrtime.bigint()
for (let s = 0; s < 120; s += 1) n += runLinesBetween(p, T + s * 1000, T + s * 1000 + 1000).length
const dt = Number(process.hrtime.bigint() - t0) / 1e9
console.log(stack, n, (dt / n * 1e6).toFixed(2), 'us/line')
