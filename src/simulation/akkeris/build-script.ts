/**
 * The shared vocabulary of the build-log recipes: a script of lines with relative pauses, and the
 * shape of a per-stack recipe (base image and RUN steps that can fail in a given phase).
 */
import type { Random } from '../../core/random.js'

/** Where a build can break: dependency install, compile, or the test suite. */
export type FailurePhase = 'install' | 'compile' | 'test'

/** All failure phases, in build order. */
export const FAILURE_PHASES: readonly FailurePhase[] = ['install', 'compile', 'test']

/** Lines being written, each with the relative wait before it (≈ seconds before scaling). */
export class BuildScript {
  readonly lines: Array<{ text: string; pause: number }> = []

  #carry = 0

  constructor(readonly random: Random) {}

  /** Appends a line that appears `pause` (relative units) after the previous one. */
  say(text: string, pause = 0.05): void {
    this.lines.push({ text, pause: pause + this.#carry })
    this.#carry = 0
  }

  /** Work that prints nothing: its time is added before the next line. */
  idle(pause: number): void {
    this.#carry += pause
  }

  /** Twelve hex digits, as Docker prints layer, container and image ids. */
  shortId(): string {
    return this.random.hex(6)
  }

  /** A pause drawn uniformly from [min, max]. */
  wait(min: number, max: number): number {
    return min + (max - min) * this.random.next()
  }
}

/** One `RUN` instruction of the Dockerfile; `run` writes its output and returns the exit code. */
export interface RecipeStep {
  /** The shell command as Docker reports it in `The command '/bin/sh -c …'`. */
  command: string
  /** Phases this step performs; it fails when the build's failure phase is among them. */
  phases: FailurePhase[]
  /** Writes the step's output; when `fail` is set, writes that failure and returns a non-zero code. */
  run(script: BuildScript, fail: FailurePhase | null): number
}

/** How one stack's image is built. */
export interface Recipe {
  /** Base image, e.g. `node:20-alpine`. */
  image: string
  steps: RecipeStep[]
}

/** What a recipe may know about the build. */
export interface RecipeContext {
  /** App name without space (`api`). */
  appName: string
  /** Repository path without scheme (`github.com/acme/api`). */
  repoPath: string
  /** The project's own version (`1.4.0`), as package managers print it. */
  version: string
  /** Whether the Dockerfile runs the test suite (always true when the tests are what fails). */
  runsTests: boolean
}

/** `count` distinct items of `items`, in their original order. */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>()
  const want = Math.min(count, items.length)
  while (chosen.size < want) chosen.add(random.int(0, items.length - 1))
  return [...chosen].sort((a, b) => a - b).map((i) => items[i])
}

/** A human file size as pip and npm print it (`123 kB`, `2.4 MB`). */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}
