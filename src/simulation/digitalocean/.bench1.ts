import { runLinesBetween } from './run-log.js'
const T = Date.parse('2026-01-01T12:00:00Z')
const [kind, stack, inst] = [process.argv[2] as any, process.argv[3] as any, Number(process.argv[4] ?? 1)]
const p = { seed: 7, appId: 'a', component: 'web', instances: Array.from({length: inst}, (_, i) => `web-${i}`), kind, stack, requestsPerMinute: 600_000 }
for (let s = 0; s < 10; s++) runLinesBetween(p, T - 100_000 + s * 1000, T - 100_000 + s * 1000 + 1000)
let n = 0; const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint()
for (let s = 0; s < 120; s += 1) { const l = runLinesBetween(p, T + s * 1000, T + s * 1000 + 1000); n += l.length }
const wall = Number(process.hrtime.bigint() - t0) / 1e9; const cu = process.cpuUsage(c0); const dt = (cu.user + cu.system) / 1e6
console.log(kind, stack, inst, n, Math.round(n / dt), 'lines/s', (dt / n * 1e6).toFixed(2), "us/line cpu", (wall / n * 1e6).toFixed(2), "us/line wall")
