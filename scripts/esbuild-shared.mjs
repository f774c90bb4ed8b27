/**
 * esbuild settings shared by the package build and the browser tests: the one list of modules the
 * browser build replaces because they need Node (the server, fixture files on disk).
 */

/** Source modules (relative to `src/`) that need Node, and what a browser gets instead. */
export const NODE_ONLY = {
  'transports/server.ts':
    "export async function listen() { throw new Error('paasim: sim.listen() serves HTTP and needs Node; in a browser use setupWorker(...sim.handlers)') }",
  'fixtures/disk.ts':
    "export async function readFixtureFile(file) { throw new Error('paasim: reading the fixture file ' + JSON.stringify(file) + ' needs Node; in a browser pass the fixture object or a shipped fixture name') }",
}

/** An esbuild plugin that swaps {@link NODE_ONLY} modules for their browser stand-ins. */
export function browserStubs(srcDir) {
  const stubs = new Map(Object.entries(NODE_ONLY).map(([rel, code]) => [`${srcDir}/${rel}`.replace(/\\/g, '/'), code]))
  return {
    name: 'paasim-browser-stubs',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const code = stubs.get(args.path.replace(/\\/g, '/'))
        return code === undefined ? undefined : { contents: code, loader: 'js' }
      })
    },
  }
}

/**
 * For the Node bundles: src/transports/msw-api.ts imports `http` and `ws` from msw's subpaths of
 * the installed major (msw 2's main entry also loads GraphQL, a third of its import time).
 */
export function mswSubpaths(srcDir) {
  const target = `${srcDir}/transports/msw-api.ts`.replace(/\\/g, '/')
  const contents = [
    "import { createRequire } from 'node:module'",
    "const major = Number(createRequire(import.meta.url)('msw/package.json').version.split('.')[0])",
    "const [{ http }, { ws }] = await Promise.all(major >= 3 ? [import('msw/http'), import('msw/ws')] : [import('msw/core/http'), import('msw/core/ws')])",
    'export { http, ws }',
  ].join('\n')
  return {
    name: 'paasim-msw-subpaths',
    setup(build) {
      build.onLoad({ filter: /msw-api\.ts$/ }, (args) => (args.path.replace(/\\/g, '/') === target ? { contents, loader: 'js' } : undefined))
    },
  }
}

/** Packages left to the user's install (peers and Node-only dependencies). */
export const EXTERNAL = [
  'msw',
  'msw/*',
  'vitest',
  '@pact-foundation/pact',
  'express',
  'ws',
  'selfsigned',
  'yaml',
  'ajv',
  'ajv/*',
  'ajv-formats',
  '@apidevtools/json-schema-ref-parser',
]

/** The browser bundle's esbuild options (the package build's `dist/browser/`, and the browser tests). */
export function browserOptions(root, outdir) {
  return {
    bundle: true,
    format: 'esm',
    splitting: true,
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022'],
    external: ['msw', 'msw/*'],
    plugins: [browserStubs(`${root}/src`)],
    legalComments: 'linked',
    // uPlot's notice is a plain block comment, which esbuild would drop with the rest
    banner: { js: '/*! paasim console. Includes uPlot (https://github.com/leeoniya/uPlot), Copyright (c) 2022 Leon Sorokin, MIT License. */' },
    logLevel: 'warning',
  }
}

/**
 * The console's front end (`src/console/ui/`): one minified script and one stylesheet (uPlot's
 * included) for `/__paasim/ui/`. The package build writes them to dist/console/; a server running
 * from source builds them in memory on first request (`write: false`).
 */
export function consoleOptions(root, outdir) {
  return {
    bundle: true,
    format: 'esm',
    minify: true,
    absWorkingDir: root,
    entryPoints: { console: 'src/console/ui/main.ts' },
    outdir,
    platform: 'browser',
    target: ['es2022'],
    legalComments: 'linked',
    // uPlot's notice is a plain block comment, which esbuild would drop with the rest
    banner: { js: '/*! paasim console. Includes uPlot (https://github.com/leeoniya/uPlot), Copyright (c) 2022 Leon Sorokin, MIT License. */' },
    logLevel: 'warning',
  }
}
