/**
 * Import cost: `import('paasim')` (the built package) against `import('msw/node')`, each in fresh
 * Node processes, alternating, medians of 9; and the gzipped size of the browser dashboard's bundle.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildDashboard } from '../examples/browser-dashboard/build.mjs'
import { median, report } from './support.js'

const root = join(import.meta.dirname, '..')

/** Milliseconds a fresh process takes to import `specifier` (from the package root). */
function importTime(specifier: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t))`
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }))
}

/** Prints the import ratio against msw/node and the dashboard bundle's gzipped size. */
export async function importCost(rounds = 9): Promise<void> {
  const msw: number[] = []
  const paasim: number[] = []
  importTime('paasim') // warm the file system cache for both
  importTime('msw/node')
  for (let i = 0; i < rounds; i++) {
    msw.push(importTime('msw/node'))
    paasim.push(importTime('paasim'))
  }
  const mswVersion = (JSON.parse(readFileSync(join(root, 'node_modules/msw/package.json'), 'utf8')) as { version: string }).version
  report(`import('paasim') vs import('msw/node') (msw ${mswVersion})`, median(paasim), 'ms', median(msw), '≤ 1.5x')
  const out = mkdtempSync(join(tmpdir(), 'paasim-dashboard-bench-'))
  try {
    const result = await buildDashboard({ outdir: join(out, 'dist') })
    const bundle = readFileSync(join(out, 'dist', 'main.js'))
    const gz = gzipSync(bundle).byteLength
    report('browser dashboard bundle (paasim + msw, minified)', gz / 1024, 'KiB gzip', undefined, `informational (${(bundle.byteLength / 1024).toFixed(0)} KiB raw, ${Object.keys(result.metafile!.inputs).length} modules)`)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

if (process.argv[1] === import.meta.filename) await importCost()
