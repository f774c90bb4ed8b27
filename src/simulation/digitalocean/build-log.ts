/**
 * BUILD-type log of one component of an App Platform deployment: boxed sections for the git
 * clone, buildpack detection (or the Dockerfile build), the app build, then the image upload and
 * `✔ build complete` — or a dependency/compile failure ending in `✘ build failed`. Lines are spread
 * over the same window the deployment timeline gives the component's build step.
 * @see https://docs.digitalocean.com/products/app-platform/how-to/view-logs/
 */
import { Random, hash32 } from '../../core/random.js'
import type { Stack, TimedLine } from '../types.js'
import { appBuildLines, buildpackDocs, detectedBuildpacks, type WeightedLine } from './build-log-stacks.js'
import { buildDurationMs } from './durations.js'
import { formatDoLine, type DoLine } from './format.js'
import type { ComponentKind, Seed } from './shared.js'

/** Inputs of {@link buildLogLines}. */
export interface BuildLogInput {
  seed: Seed
  deploymentId: string
  component: string
  stack: Stack
  /** Clone URL or `owner/name`. */
  repo: string
  branch: string
  /** Full commit SHA. */
  sha: string
  /** When the component's build job starts, epoch ms. */
  startedAt: number
  outcome: 'success' | 'failure'
  kind?: ComponentKind
}

const WIDTH = 44

/** A section header such as `╭──────────── git repo clone ─────────────────╼`. */
export function boxTop(title: string): string {
  const left = 12
  const right = Math.max(3, WIDTH - left - title.length - 2)
  return `╭${'─'.repeat(left)} ${title} ${'─'.repeat(right)}╼`
}

/** The closing line of a section box. */
export function boxBottom(): string {
  return `╰${'─'.repeat(WIDTH)}╼`
}

function boxed(lines: WeightedLine[]): WeightedLine[] {
  return lines.map(([w, t]) => [w, t === '' ? '│' : `│ ${t}`])
}

function projectName(repo: string): string {
  const last = repo.replace(/\/+$/, '').split(/[/:]/).pop() ?? 'app'
  return last.replace(/\.git$/, '') || 'app'
}

/** When the build log of these inputs ends (its last line), epoch ms. */
export function buildLogEndsAt(input: BuildLogInput): number {
  const { seed, deploymentId, component, stack, kind } = input
  return input.startedAt + buildDurationMs({ seed, deploymentId, component, stack, kind }, input.outcome)
}

function script(input: BuildLogInput, r: Random): WeightedLine[] {
  const { stack, branch, sha, outcome } = input
  const failing = outcome === 'failure'
  const out: WeightedLine[] = [
    [0, boxTop('git repo clone')],
    ...boxed([
      [0.2, '› fetching app source code'],
      [0.8, `=> Selecting branch "${branch}"`],
      [1.2, `=> Checking out commit "${sha}"`],
      [0.1, ''],
      [0.6, '✔ cloned repo to /workspace'],
    ]),
    [0.1, boxBottom()],
    [0.1, ''],
    [1.5, ' › configuring build-job container'],
    [2.5, ' ✔ configured build-job container'],
    [0.1, ''],
  ]
  if (stack === 'docker') {
    out.push([0.3, boxTop('dockerfile build')])
  } else {
    out.push(
      [0.3, boxTop('buildpack detection')],
      ...boxed([
        [0.2, '› using Ubuntu 22.04 stack'],
        [1.5, 'Detected the following buildpacks suitable to build your app:'],
        [0.1, ''],
        ...detectedBuildpacks(stack).map(([name, v, label]): WeightedLine => [0.05, `   ${name.padEnd(30)}${v.padEnd(10)}(${label})`]),
        [0.1, ''],
        [0.1, 'For documentation on the buildpacks used to build your app, please see:'],
        [0.1, ''],
        [0.05, `   ${buildpackDocs(stack)!.join('  ')}`],
      ]),
      [0.1, boxBottom()],
      [0.1, ''],
      [0.3, boxTop('app build')],
    )
  }
  const body = appBuildLines(stack, r, { project: projectName(input.repo), kind: input.kind ?? 'service', failing })
  out.push(...boxed(body))
  if (failing) {
    out.push([0.1, boxBottom()], [0.1, ''], [0.3, ' ✘ build failed'])
    return out
  }
  out.push(
    ...boxed([[0.5, '✔ built app']]),
    [0.1, boxBottom()],
    [0.1, ''],
    [1, ' › uploading the built image to the container registry...'],
    [9, ' › successfully uploaded the build cache'],
    [4, ' ✔ uploaded the built image to the container registry'],
    [0.5, ' ✔ build complete'],
  )
  return out
}

/** BUILD log lines (message text only) for one component's build job; the last one is at {@link buildLogEndsAt}. */
export function buildLogLines(input: BuildLogInput): TimedLine[] {
  const r = new Random(hash32(input.seed, input.deploymentId, input.component, 'build-log'))
  const lines = script(input, r)
  const weights = lines.map(([w]) => w * (0.7 + 0.6 * r.next()))
  const total = weights.reduce((a, b) => a + b, 0)
  const start = input.startedAt + 200 + r.int(0, 600)
  const span = buildLogEndsAt(input) - start
  let acc = 0
  return lines.map(([, text], i) => {
    acc += weights[i]
    const at = i === lines.length - 1 ? start + span : start + Math.floor((acc / total) * span)
    return { at, text }
  })
}

/** The same lines rendered as App Platform log lines: `<component> <RFC3339Nano> <text>`. */
export function buildLogText(input: BuildLogInput): DoLine[] {
  const key = hash32(input.seed, input.deploymentId, input.component, 'build-ns')
  let prevAt = -1
  let prevNs = -1
  return buildLogLines(input).map((l, i) => {
    let ns = hash32(key, i) % 1_000_000
    // Keep the rendered timestamps strictly ordered when two lines share a millisecond.
    if (l.at === prevAt && ns <= prevNs) ns = Math.min(999_999, prevNs + 1)
    prevAt = l.at
    prevNs = ns
    return { at: l.at, nanos: ns, text: formatDoLine(input.component, l.at, ns, l.text) }
  })
}
