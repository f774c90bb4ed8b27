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
    logLevel: 'warning',
  }
}
