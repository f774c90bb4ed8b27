/**
 * Akkeris build-runner output for one build, as `GET /apps/{app}/builds/{id}/result` returns it:
 * docker build output with the lines the API strips already left out, ending in Jenkins'
 * `Finished: SUCCESS` / `Finished: FAILURE`.
 *
 * @see ../../../../shared/reference/akkeris.md "Build result"
 * @note The API removes `Step N : …`, ` ---> …`, `+ …`, `tar: …`, `gzip: …` and `Sending build
 * context …` lines and collapses blank runs, so none of those (and no blank line) is produced.
 */
import { Random, hash32 } from '../../core/random.js'
import type { Stack, TimedLine } from '../types.js'
import { goRecipe } from './build-recipe-go.js'
import { dockerRecipe } from './build-recipe-docker.js'
import { nodeRecipe } from './build-recipe-node.js'
import { pythonRecipe } from './build-recipe-python.js'
import { rubyRecipe } from './build-recipe-ruby.js'
import { BuildScript, FAILURE_PHASES, type FailurePhase, type Recipe, type RecipeContext } from './build-script.js'

/** Everything that determines a build's output. */
export interface BuildLogInput {
  seed: number
  buildId: string
  /** `<name>-<space>`, e.g. `api-default`. */
  appKey: string
  stack: Stack
  outcome: 'succeeded' | 'failed'
  /** e.g. `https://github.com/acme/api` */
  repo: string
  branch: string
  sha: string
  /** Epoch ms when the build leaves `queued` and starts running (the first line's time). */
  startedAt: number
}

/** The build's lines with their times; `finishedAt` is the time of the final `Finished:` line. */
export interface BuildLog {
  lines: TimedLine[]
  finishedAt: number
}

/** The line the official CLI waits for before it stops tailing a successful build. */
export const FINISHED_SUCCESS = 'Finished: SUCCESS'
/** The line the official CLI waits for before it stops tailing a failed build. */
export const FINISHED_FAILURE = 'Finished: FAILURE'

const MIN_DURATION_MS = 40_000
const MAX_DURATION_MS = 150_000
const REGISTRY = 'docker.akkeris.example/akkeris'

const RECIPES: Record<Stack, (ctx: RecipeContext, random: Random) => Recipe> = {
  node: nodeRecipe,
  python: pythonRecipe,
  go: goRecipe,
  ruby: rubyRecipe,
  docker: dockerRecipe,
}

function pullImage(s: BuildScript, image: string): void {
  const [name, tag = 'latest'] = image.split(':')
  s.say(`${tag}: Pulling from ${name.includes('/') ? name : 'library/' + name}`, s.wait(0.5, 1.5))
  const layers = Array.from({ length: s.random.int(5, 8) }, () => s.shortId())
  for (const id of layers) s.say(`${id}: Pulling fs layer`, 0.02)
  // downloads finish out of order, extraction happens in order
  const order = [...layers].sort((a, b) => hash32(a) - hash32(b))
  for (const id of order) {
    s.say(`${id}: Verifying Checksum`, s.wait(0.3, 3))
    s.say(`${id}: Download complete`, 0.02)
  }
  for (const id of layers) s.say(`${id}: Pull complete`, s.wait(0.2, 1.5))
  s.say(`Digest: sha256:${s.random.hex(32)}`)
  s.say(`Status: Downloaded newer image for ${image}`)
}

function pushImage(s: BuildScript, repository: string, tag: string): void {
  s.say(`The push refers to repository [${repository}]`, s.wait(0.5, 2))
  const fresh = Array.from({ length: s.random.int(2, 4) }, () => s.shortId())
  const base = Array.from({ length: s.random.int(2, 4) }, () => s.shortId())
  for (const id of [...fresh, ...base]) s.say(`${id}: Preparing`, 0.02)
  for (const id of base) s.say(`${id}: Layer already exists`, s.wait(0.2, 1))
  for (const id of fresh) s.say(`${id}: Pushed`, s.wait(1, 6))
  s.say(`${tag}: digest: sha256:${s.random.hex(32)} size: ${s.random.int(1200, 3400)}`, s.wait(0.3, 1))
}

/** Spreads the script's relative pauses over `durationMs`, keeping times strictly increasing. */
function schedule(script: BuildScript, startedAt: number, durationMs: number): TimedLine[] {
  const lines = script.lines
  let total = 0
  for (let i = 1; i < lines.length; i++) total += lines[i].pause
  const scale = total > 0 ? durationMs / total : 0
  const out: TimedLine[] = []
  let cumulative = 0
  let previous = -Infinity
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) cumulative += lines[i].pause
    const at = Math.max(previous + 1, startedAt + Math.round(cumulative * scale))
    out.push({ at, text: lines[i].text })
    previous = at
  }
  return out
}

/** Generates the full output of one build; the same input always gives the same log. */
export function generateBuildLog(input: BuildLogInput): BuildLog {
  const random = new Random(hash32(input.seed, 'build-log', input.buildId, input.stack, input.outcome))
  const s = new BuildScript(random)
  const failure: FailurePhase | null = input.outcome === 'failed' ? random.pick(FAILURE_PHASES) : null
  const repoPath = input.repo.replace(/^[a-z+]+:\/\//i, '').replace(/\.git$/, '').replace(/\/+$/, '')
  const ctx: RecipeContext = {
    appName: input.appKey.split('-')[0],
    repoPath,
    version: `1.${random.int(0, 12)}.${random.int(0, 9)}`,
    runsTests: failure === 'test' || random.chance(0.6),
  }
  const recipe = RECIPES[input.stack](ctx, random)

  s.say(`Generating build for ${input.appKey} build uuid ${input.buildId}`, 0)
  s.say(`Getting source code for ${input.repo}/${input.branch} SHA ${input.sha}...`, s.wait(1, 3))
  pullImage(s, recipe.image)
  for (let i = random.int(1, 3); i > 0; i--) s.say(`Removing intermediate container ${s.shortId()}`, s.wait(0.3, 1)) // WORKDIR/ENV/ARG

  let failedCode = 0
  for (const step of recipe.steps) {
    const fail = failure !== null && step.phases.includes(failure) ? failure : null
    const code = step.run(s, fail)
    if (fail !== null) {
      failedCode = code || 1
      s.say(`The command '/bin/sh -c ${step.command}' returned a non-zero code: ${failedCode}`, s.wait(0.2, 1))
      break
    }
    s.say(`Removing intermediate container ${s.shortId()}`, s.wait(0.3, 1.5))
  }

  if (failure === null) {
    const imageId = s.shortId()
    const tag = `0.${random.int(1, 400)}`
    s.say(`Removing intermediate container ${s.shortId()}`, s.wait(0.3, 1)) // CMD/EXPOSE
    s.say(`Successfully built ${imageId}`, s.wait(0.2, 1))
    s.say(`Successfully tagged ${REGISTRY}/${input.appKey}:${tag}`)
    pushImage(s, `${REGISTRY}/${input.appKey}`, tag)
    s.say(FINISHED_SUCCESS, s.wait(0.5, 2))
  } else {
    s.say("Build step 'Execute shell' marked build as failure", s.wait(0.2, 0.6))
    s.say(FINISHED_FAILURE, s.wait(0.2, 0.6))
  }

  const durationMs = MIN_DURATION_MS + Math.round((MAX_DURATION_MS - MIN_DURATION_MS) * random.next() * (failure === null ? 1 : 0.6))
  const lines = schedule(s, input.startedAt, durationMs)
  return { lines, finishedAt: lines[lines.length - 1].at }
}
