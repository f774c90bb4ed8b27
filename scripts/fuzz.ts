/**
 * `npm run fuzz [-- --requests N --seed S]`: the contract mutation fuzzer of `npm test` at scale
 * (default 10,000 requests per transport), printing what it saw. Exits 1 on any 500, hang, silent
 * close or answer in the wrong format.
 */
import { parseArgs } from 'node:util'
import { fuzz } from '../test/support/fuzz.js'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } })
let failed = false
for (const transport of ['in-process', 'standalone'] as const) {
  const started = performance.now()
  const report = await fuzz({ transport, requests: Number(values.requests), seed: Number(values.seed) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`${transport}: ${report.requests} requests in ${seconds} s — 500s/onError ${report.serverErrors}, hangs ${report.hangs}, silent closes ${report.silentCloses}, wrong format ${report.wrongFormat}`)
  console.log(`  statuses ${JSON.stringify(report.statuses)}`)
  if (Object.keys(report.wire).length) console.log(`  malformed on the wire: ${JSON.stringify(report.wire)}`)
  console.log(`  longest event-loop stall ${report.loopMaxMs} ms wall clock (during ${report.loopMaxDuring.slice(0, 100)}), stalls over 50 ms: ${report.stallsOver50Ms}`)
  console.log(`  most CPU time in one stall ${report.loopMaxCpuMs} ms (during ${report.loopMaxCpuDuring.slice(0, 100)})`)
  for (const failure of report.failures) console.log(`  FAIL ${failure}`)
  failed ||= report.serverErrors + report.hangs + report.silentCloses + report.wrongFormat > 0
}
process.exit(failed ? 1 : 0)
