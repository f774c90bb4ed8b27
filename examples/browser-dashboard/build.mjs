/**
 * Builds the dashboard: dist/main.js (esbuild, for browsers) and msw's mockServiceWorker.js beside
 * index.html. Run `node build.mjs`, then serve this folder over http://localhost (any static server).
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))

/** Bundles main.ts into `outdir` (default `dist/` here); `plugins` lets a test point `paasim` at its sources. */
export async function buildDashboard({ outdir = join(here, 'dist'), plugins = [], alias = {} } = {}) {
  mkdirSync(outdir, { recursive: true })
  const result = await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(outdir, 'main.js'),
    minify: true,
    metafile: true,
    logLevel: 'warning',
    alias,
    tsconfigRaw: {}, // resolve paasim as an installed package would be, not through this repository's tsconfig paths
    plugins,
  })
  const require = createRequire(join(here, 'main.ts'))
  copyFileSync(require.resolve('msw/mockServiceWorker.js'), join(outdir, '..', 'mockServiceWorker.js'))
  return result
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDashboard()
