/**
 * Builds dist/: the Node bundles (the library's entries and the CLI, sharing chunks), the
 * browser bundle (`browser` export condition), the console's front end, and the type declarations (tsc).
 *
 * Bundling is for import cost: unbundled, `import 'paasim'` resolved some two thousand files of
 * es-toolkit (through @msw/data) and faker; bundled, the world's dependencies are one chunk that
 * loads with the first world build. msw and the Node-only dependencies stay external.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { EXTERNAL, browserOptions, consoleOptions, mswSubpaths } from './esbuild-shared.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
rmSync(dist, { recursive: true, force: true })

const common = { bundle: true, format: 'esm', splitting: true, sourcemap: false, legalComments: 'linked', logLevel: 'warning', absWorkingDir: root }

await build({
  ...common,
  entryPoints: {
    'src/index': 'src/index.ts',
    'src/transports/server': 'src/transports/server.ts',
    'src/fixtures/disk': 'src/fixtures/disk.ts',
    'src/vitest': 'src/vitest.ts',
    'bin/paasim': 'bin/paasim.ts',
    // forked by paasim verify --engine pact and verifyAgainstSim (Pact's report is read from its stdout)
    'src/contracts/pact-child': 'src/contracts/pact-child.ts',
  },
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  plugins: [mswSubpaths(join(root, 'src'))],
})

await build(browserOptions(root, join(dist, 'browser')))

// the console served at /__paasim/ui/: its page, script and stylesheet, shipped ready to serve
await build(consoleOptions(root, join(dist, 'console')))
copyFileSync(join(root, 'src/console/ui/index.html'), join(dist, 'console/index.html'))

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: root })
