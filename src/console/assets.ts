/**
 * The console's files (Node only): read from dist/console/ in the installed package, or built in
 * memory from src/console/ui/ with esbuild when paasim runs from its sources (development, tests).
 * Loaded once per process, on the first request for the console.
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packageFile } from '../package-files.js'

/** One file of the console with its content type. */
export interface ConsoleAsset {
  body: string
  type: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

let loading: Promise<Map<string, ConsoleAsset>> | undefined

/** The console's files by name (`index.html`, `console.js`, `console.css`, …). */
export function consoleAssets(): Promise<Map<string, ConsoleAsset>> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined // a failed build is tried again on the next request
    throw err
  })
  return loading
}

const asset = (name: string, body: string): [string, ConsoleAsset] => [name, { body, type: TYPES[extname(name)] ?? 'text/plain; charset=utf-8' }]

async function load(): Promise<Map<string, ConsoleAsset>> {
  const fromSources = import.meta.url.endsWith('.ts')
  const built = fromSources ? undefined : packageFile('dist/console/index.html')
  if (built) {
    const dir = join(built, '..')
    const names = (await readdir(dir)).filter((n) => extname(n) in TYPES)
    return new Map(await Promise.all(names.map(async (n) => asset(n, await readFile(join(dir, n), 'utf8')))))
  }
  const root = fileURLToPath(new URL('../../', import.meta.url))
  // specifiers kept out of the package bundle's reach: esbuild is a dev dependency, used only from sources
  const importDynamic = (specifier: string) => import(specifier)
  const { build } = (await importDynamic('esbuild')) as typeof import('esbuild')
  const { consoleOptions } = (await importDynamic(join(root, 'scripts/esbuild-shared.mjs'))) as typeof import('../../scripts/esbuild-shared.mjs')
  const result = await build({ ...consoleOptions(root, join(root, 'dist/console')), write: false })
  const files = result.outputFiles.map((f) => asset(basename(f.path), f.text))
  return new Map([...files, asset('index.html', await readFile(join(root, 'src/console/ui/index.html'), 'utf8'))])
}
