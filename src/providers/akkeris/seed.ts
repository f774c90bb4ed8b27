/** The Akkeris part of a world: the default seeded world and fixture loading. */
import { toMillis } from '../../core/duration.js'
import type { Stack } from '../../simulation/types.js'
import type { AkkerisBackend, CreateAppInput } from './backend.js'

/** A build in a fixture: its outcome and how long before the world's start it was created. */
export interface AkkerisBuildFixture {
  outcome?: 'succeeded' | 'failed'
  /** e.g. `'3d'`, `'2h'`, `'30s'`; default now. */
  ago?: string
  sha?: string
  message?: string
}

/** An app in a fixture. */
export interface AkkerisAppFixture extends Omit<CreateAppInput, 'formation' | 'agoMs'> {
  formation?: CreateAppInput['formation']
  /** How long before the world's start the app was created; default a day before its oldest build. */
  ago?: string
  builds?: AkkerisBuildFixture[]
}

const DAY_MS = 86_400_000

/** The Akkeris section of a fixture file. */
export interface AkkerisFixture {
  apps?: AkkerisAppFixture[]
  sites?: Array<{ domain: string; routes?: Array<{ path: string; app: string }>; requestsPerMinute?: number; description?: string }>
}

/** Loads a fixture's Akkeris section into an empty world. */
export async function loadAkkerisFixture(backend: AkkerisBackend, fixture: AkkerisFixture): Promise<void> {
  for (const app of fixture.apps ?? []) {
    const { builds, ago, ...input } = app
    const ordered = [...(builds ?? [])].sort((a, b) => toMillis(b.ago ?? 0) - toMillis(a.ago ?? 0))
    // an app exists before its first build
    const agoMs = ago !== undefined ? toMillis(ago) : ordered.length ? toMillis(ordered[0].ago ?? 0) + DAY_MS : 0
    const created = await backend.createApp({ ...input, agoMs })
    for (const build of ordered) {
      await backend.addBuild(created.id, { outcome: build.outcome, agoMs: toMillis(build.ago ?? 0), sha: build.sha, message: build.message })
    }
  }
  for (const site of fixture.sites ?? []) await backend.createSite(site)
}

/**
 * The default world: fixed names so docs and tests can rely on them, seeded details (ids, sizes,
 * traffic, build history and outcomes). One build of `api-default` is running at the start.
 */
export function defaultAkkerisFixture(pick: { int(min: number, max: number): number; chance(p: number): boolean }): AkkerisFixture {
  const history = (n: number, failRate: number): AkkerisBuildFixture[] =>
    Array.from({ length: n }, (_, i) => ({
      ago: `${(n - i) * pick.int(6, 30)}h`,
      outcome: pick.chance(failRate) ? 'failed' : 'succeeded',
    }))
  const app = (name: string, space: string, stack: Stack, formation: AkkerisAppFixture['formation'], builds: AkkerisBuildFixture[]): AkkerisAppFixture => ({
    name,
    space,
    stack,
    formation,
    builds,
  })
  return {
    apps: [
      app('api', 'default', 'node', { web: 2, worker: 1 }, [...history(pick.int(4, 7), 0.2), { outcome: 'succeeded', ago: '20s' }]),
      app('worker', 'default', 'python', { worker: 2 }, history(pick.int(3, 5), 0.3)),
      app('billing', 'prod', 'go', { web: 3 }, [...history(pick.int(3, 6), 0.15), { outcome: 'failed', ago: '25m' }]),
      app('frontend', 'prod', 'ruby', { web: 2 }, history(pick.int(2, 5), 0.2)),
      app('reports', 'staging-eu', 'docker', { web: 1, worker: 1 }, history(pick.int(2, 4), 0.4)),
    ],
    sites: [
      {
        domain: 'www.example-shop.io',
        routes: [
          { path: '/', app: 'frontend-prod' },
          { path: '/api', app: 'api-default' },
        ],
      },
    ],
  }
}
