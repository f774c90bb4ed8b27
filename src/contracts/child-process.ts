/**
 * Work run in a child process whose output is read rather than inherited. Pact's verifier writes
 * its report from native code straight to the process's stdout, in colour whatever `NO_COLOR` or
 * the terminal say; in a child, that output is a pipe the parent reads line by line: the CLI passes
 * it on (without colour unless the terminal takes it), tests keep it to themselves.
 */
import { fork } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { packageFile } from '../package-files.js'

type Reply = { ok: true; result: unknown } | { ok: false; name: string; message: string }

/**
 * The module `src/<path>` as this installation has it: the `.ts` source beside `base` when running
 * from source, else its bundle entry in `dist/src/` (bundled code runs from `dist/chunks/`).
 */
export function entryModule(base: string, dir: string, path: string): URL {
  if (base.endsWith('.ts')) return new URL(`./${path}.ts`, base)
  const built = packageFile(`dist/src/${dir}/${path}.js`)
  if (!built) throw new Error(`paasim: dist/src/${dir}/${path}.js is missing from the package`)
  return pathToFileURL(built)
}

/**
 * Runs the module at `moduleUrl` (one that calls {@link serveChildJob}) in a child process with
 * `job`; resolves with its result once it has exited. Each line it prints (stdout and stderr) goes
 * to `onOutput`, or nowhere. An error it throws is rethrown here with its name and message.
 */
export function runInChild<T>(moduleUrl: URL, job: unknown, onOutput?: (line: string) => void): Promise<T> {
  const file = fileURLToPath(moduleUrl)
  const child = fork(file, [], { execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' }
  const read = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const lines = (pending[stream] + chunk.toString('utf8')).split('\n')
    pending[stream] = lines.pop()!
    for (const line of lines) onOutput?.(line)
  }
  child.stdout!.on('data', read('stdout'))
  child.stderr!.on('data', read('stderr'))
  let reply: Reply | undefined
  child.on('message', (message: Reply) => (reply = message))
  child.send(job as object)
  return new Promise<T>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      for (const rest of Object.values(pending)) if (rest) onOutput?.(rest)
      if (reply?.ok) resolve(reply.result as T)
      else if (reply) reject(Object.assign(new Error(reply.message), { name: reply.name }))
      else reject(new Error(`the child process ${file} ended (${signal ?? `exit ${code}`}) without an answer`))
    })
  })
}

/** The child side of {@link runInChild}: runs `work` on the job the parent sends, answers, and lets the process end. */
export function serveChildJob<J, R>(work: (job: J) => Promise<R>): void {
  if (!process.send) throw new Error('this module runs as a child process of paasim')
  process.once('message', (job: J) => {
    work(job).then(
      (result): Reply => ({ ok: true, result }),
      (err: unknown): Reply => ({ ok: false, name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) }),
    ).then((reply) => process.send!(reply, () => process.disconnect()))
  })
}
