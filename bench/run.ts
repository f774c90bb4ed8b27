/**
 * `npm run bench [-- --quick]`: what users meet, each figure printed beside a baseline measured in
 * the same run (alternating rounds, medians) with its ratio and target, so the ratios hold on a
 * shared machine where absolute numbers do not. It measures the built package in `dist/` (what
 * `paasim serve` and `import 'paasim'` run), or the build in `PAASIM_BENCH_DIST`. `--quick` takes
 * under two minutes; `--only NAME` runs one section.
 */
import { cpus, loadavg } from 'node:os'
import { blocks } from './blocks.js'
import { holds } from './hold.js'
import { importCost } from './import.js'
import { requests } from './requests.js'
import { streams } from './streams.js'
import { DIST } from './support.js'
import { metrics, world } from './world.js'

const quick = process.argv.includes('--quick')
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined

/** The sections, in order; each prints its own rows. */
const sections: Array<[name: string, run: (quick: boolean) => Promise<void>]> = [
  ['import', (quick) => importCost(quick ? 5 : 9)],
  ['requests', requests],
  ['streams', streams],
  ['world', world],
  ['metrics', metrics],
  ['blocks', blocks],
  ['holds', holds],
]

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')
console.log(`paasim benchmarks${quick ? ' (quick)' : ''} — node ${process.version}, ${cpus().length} cores, ${DIST.pathname}; baselines measured in this run`)
console.log(`machine load (1/5/15 min): ${load()}\n`)
const started = performance.now()
for (const [name, run] of sections) {
  if (only && only !== name) continue
  console.log(`— ${name}`)
  await run(quick)
  if (!quick) console.log(`  (load now ${load()})`)
  console.log('')
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; machine load ${load()}`)
