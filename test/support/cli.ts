/** The `paasim` command as a user runs it (from source through tsx), for tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { afterEach } from 'vitest'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

const argvOf = (args: string[]) => ['--import', 'tsx', 'bin/paasim.ts', ...args]

/** Runs `paasim …` to the end: its exit code, stdout and stderr (pipes, so not a terminal). */
export function runCli(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, argvOf(args), { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } })
  return { code: run.status, out: run.stdout, err: run.stderr }
}

/** Starts a long-running `paasim …` (killed after the test) and resolves once its stdout contains `until`. */
export function startCli(args: string[], until: string | RegExp): Promise<{ child: ChildProcess; out: () => string; err: () => string }> {
  const child = spawn(process.execPath, argvOf(args), { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (typeof until === 'string' ? out.includes(until) : until.test(out)) resolve({ child, out: () => out, err: () => err })
    })
    child.stderr!.on('data', (d) => (err += d))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}${out}`)))
  })
}

/** Resolves with the exit code once `child` exits. */
export const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)))
