/** Records → Akkeris wire objects. Absolute URLs point at the origin the client used. */
import type { AppRecord, FormationRecord, LogSessionRecord, SiteRecord, SpaceRecord } from '../../state/akkeris.js'
import { appKey, type BuildView } from './timeline.js'

const iso = (ms: number) => new Date(ms).toISOString()

const STACK_DESCRIPTIONS: Record<AppRecord['stack'], string> = {
  node: 'Node.js',
  python: 'Python',
  go: 'Go',
  ruby: 'Ruby',
  docker: 'Dockerfile',
}

/** The app object; `image` (a string) only on `GET /apps/{app}`, as the controller adds it there. */
export function serializeApp(app: AppRecord, space: SpaceRecord | undefined, formations: FormationRecord[], releasedAt: number | null, image?: string) {
  const key = appKey(app)
  const object = {
    archived_at: null,
    buildpack_provided_description: STACK_DESCRIPTIONS[app.stack],
    build_stack: app.stackRef,
    created_at: iso(app.createdAt),
    description: app.description,
    formation: formations.map((f) => ({ id: f.id, type: f.type, quantity: f.quantity, size: f.size })),
    git_branch: app.branch,
    git_url: app.repo,
    id: app.id,
    key,
    labels: app.labels,
    maintenance: app.maintenance,
    name: key,
    organization: app.organization,
    owner: app.owner,
    preview: app.preview ? { id: app.id } : null,
    region: app.region,
    released_at: releasedAt === null ? null : iso(releasedAt),
    repo_size: app.repoSize,
    simple_name: app.name,
    slug_size: app.slugSize,
    space: { id: space?.id ?? '', name: app.space, compliance: space?.compliance ?? [] },
    stack: app.stackRef,
    updated_at: iso(app.updatedAt),
    web_url: `https://${key}.akkeris.io/`,
  }
  return image === undefined ? object : { ...object, image }
}

/** A formation object. */
export function serializeFormation(app: AppRecord, f: FormationRecord) {
  return {
    app: { name: appKey(app), id: app.id },
    command: f.command,
    created_at: iso(f.createdAt),
    id: f.id,
    quantity: f.quantity,
    size: f.size,
    type: f.type,
    port: f.type === 'web' ? f.port : null,
    healthcheck: f.type === 'web' ? f.healthcheck : null,
    updated_at: iso(f.updatedAt),
  }
}

/** Absolute URL of a build's result. */
export function buildResultUrl(origin: string, app: AppRecord, buildId: string): string {
  return `${origin}/apps/${appKey(app)}/builds/${buildId}/result`
}

/** The build object. */
export function serializeBuild(origin: string, app: AppRecord, b: BuildView) {
  return {
    app: { id: app.id },
    buildpacks: null,
    created_at: iso(b.createdAt),
    id: b.id,
    output_stream_url: buildResultUrl(origin, app, b.id),
    source_blob: { checksum: b.checksum, url: '', version: b.version, commit: b.sha, author: b.author, repo: b.repo, message: b.message },
    release: null,
    slug: { id: b.slugId, number: b.status === 'queued' ? '0' : String(b.number) },
    status: b.status,
    updated_at: iso(b.updatedAt),
    user: { id: b.userId, email: '' },
  }
}

/** The build result object. */
export function serializeBuildResult(origin: string, app: AppRecord, b: BuildView, lines: string[]) {
  return { build: { id: b.id, status: b.status, output_stream_url: buildResultUrl(origin, app, b.id) }, lines }
}

/** The site object. */
export function serializeSite(s: SiteRecord) {
  return {
    id: s.id,
    domain: s.domain,
    region: s.region,
    description: s.description,
    labels: s.labels,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    compliance: s.compliance,
  }
}

/** Path of a log session's stream; the id is its only credential. */
export function logStreamPath(id: string): string {
  return `/log-sessions/${id}`
}

/** The log-session object. */
export function serializeLogSession(origin: string, s: LogSessionRecord) {
  return { created_at: iso(s.createdAt), updated_at: iso(s.createdAt), id: s.id, logplex_url: origin + logStreamPath(s.id) }
}
