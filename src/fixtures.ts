/** Fixtures: worlds described as JSON, loadable by API, CLI (`--fixture`) and control routes. */
import type { AkkerisFixture } from './providers/akkeris/seed.js'
import type { DigitalOceanFixture } from './providers/digitalocean/seed.js'

/** A world described as data. */
export interface Fixture {
  /** Shown by the CLI. */
  description?: string
  /** Simulated start time of the world (a manual clock starts here). */
  now?: string
  akkeris?: AkkerisFixture
  digitalocean?: DigitalOceanFixture
}

/** Checks a parsed fixture's shape enough to fail early with a useful message. */
export function assertFixture(value: unknown, source: string): asserts value is Fixture {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${source}: a fixture is a JSON object`)
  const f = value as Record<string, unknown>
  if (f.now !== undefined && (typeof f.now !== 'string' || !Number.isFinite(Date.parse(f.now)))) throw new TypeError(`${source}: "now" must be an ISO date`)
  for (const key of ['akkeris', 'digitalocean'] as const) {
    const section = f[key]
    if (section !== undefined && (section === null || typeof section !== 'object')) throw new TypeError(`${source}: "${key}" must be an object`)
  }
}

/** The names of the fixtures shipped in `fixtures/`. */
export async function listFixtures(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises')
  const dir = await fixturesDir()
  return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
}

async function fixturesDir(): Promise<string> {
  const { existsSync } = await import('node:fs')
  const { fileURLToPath } = await import('node:url')
  for (const rel of ['../fixtures/', '../../fixtures/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(dir)) return dir
  }
  throw new Error('paasim: the fixtures/ folder is missing from the package')
}

/** Reads a shipped fixture by name (`busy-akkeris`) or any JSON file by path. */
export async function readFixture(nameOrPath: string): Promise<Fixture> {
  const { readFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const isPath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json')
  const file = isPath ? nameOrPath : join(await fixturesDir(), `${nameOrPath}.json`)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    const known = isPath ? '' : ` (shipped: ${(await listFixtures()).join(', ')})`
    throw new Error(`paasim: no fixture ${JSON.stringify(nameOrPath)}${known}`)
  }
  const parsed: unknown = JSON.parse(text)
  assertFixture(parsed, file)
  return parsed
}
