/**
 * Akkeris releases as the build history implies them: every succeeded build was auto-released
 * when it finished. A release is `pending` until its new dynos are up, then `succeeded`.
 * @see ../../../../shared/reference/akkeris.md#objects (Release)
 */
import { SimError } from '../../core/errors.js'
import { isUuid } from '../../core/ids.js'
import { hash32 } from '../../core/random.js'
import { uuidFromWords } from '../../simulation/akkeris/format.js'
import type { AppRecord } from '../../state/akkeris.js'
import type { AkkerisBackend } from './backend.js'
import { DYNO_TIMING } from './dyno-history.js'
import type { BuildView } from './timeline.js'

/** A release as seen at a time. */
export interface ReleaseView {
  id: string
  /** 1, 2, … per app. */
  version: number
  build: BuildView
  createdAt: number
  status: 'pending' | 'succeeded'
  /** The combined state of its status checks; none are posted in the simulation. */
  state: 'success'
  current: boolean
  description: string
}

/** A release's id: a UUID that depends on the world's seed and the released build only. */
function releaseId(seed: number, buildId: string): string {
  return uuidFromWords(hash32(seed, 'release', buildId, 0), hash32(seed, 'release', buildId, 1), hash32(seed, 'release', buildId, 2), hash32(seed, 'release', buildId, 3))
}

/** The app's releases that exist by now, oldest first; `current` on the newest succeeded one. */
export function listReleases(backend: AkkerisBackend, app: AppRecord): ReleaseView[] {
  const now = backend.now()
  const released = backend
    .plannedBuilds(app)
    .filter((b) => b.outcome === 'succeeded')
    .sort((a, b) => a.finishedAt - b.finishedAt)
  const out: ReleaseView[] = []
  for (const build of released) {
    if (build.finishedAt > now) break
    out.push({
      id: releaseId(backend.world.seed, build.id),
      version: out.length + 1,
      build,
      createdAt: build.finishedAt,
      status: now - build.finishedAt < DYNO_TIMING.startMs ? 'pending' : 'succeeded',
      state: 'success',
      current: false,
      description: `Auto-Deploy ${build.id.slice(0, 8)}`,
    })
  }
  const current = out.findLast((r) => r.status === 'succeeded')
  if (current) current.current = true
  return out
}

/** One release of an app: the id's form first (422), then the app (404), then the release (404). */
export function findRelease(backend: AkkerisBackend, appRef: string, releaseRef: string): { app: AppRecord; release: ReleaseView } {
  if (!isUuid(releaseRef)) throw new SimError('invalid_uuid')
  const app = backend.app(appRef)
  const release = listReleases(backend, app).find((r) => r.id === releaseRef.toLowerCase())
  if (!release) throw new SimError('release_not_found', { release: releaseRef })
  return { app, release }
}

/**
 * The Docker image the app's web dyno runs: `<registry>/<org>/<name>-<app uuid>:<build system>.<build
 * number>` of the current release's build, or `""` before anything was released (never null).
 */
export function appImage(backend: AkkerisBackend, app: AppRecord): string {
  const release = listReleases(backend, app).at(-1)
  return release ? `docker.akkeris.io/akkeris/${app.name}-${app.id}:0.${release.build.number}` : ''
}
