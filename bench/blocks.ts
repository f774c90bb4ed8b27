/**
 * The longest event-loop block per request type on the standalone server: each request type is
 * sent for a while (4 at a time, from a worker thread) to a server in a child process that ticks a
 * 1 ms timer and keeps the most CPU time it spent between two ticks — one turn of its event loop,
 * without the time a busy machine did not schedule it — beside a bare Express route in the same
 * process serving the same bytes.
 */
import { fork } from 'node:child_process'
import { measureLoad } from './load.js'
import { AUTH, DIST, report } from './support.js'

/** The block rows. */
export async function blocks(quick: boolean): Promise<void> {
  const child = fork(new URL('./blocks-server.mjs', import.meta.url), [DIST.href], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ask = <T>(msg: unknown) =>
    new Promise<T>((resolve) => {
      child.once('message', resolve as (m: unknown) => void)
      child.send(msg as string)
    })
  const hello = await new Promise<{ url: string; worker: string }>((resolve) => child.once('message', resolve as (m: unknown) => void))
  const { url, worker } = hello
  const archiveOf = async (query: string) => (await (await fetch(`${url}/v2/apps/${worker}/logs?${query}`, { headers: AUTH })).json()).historic_urls[0].slice(url.length)
  const day = Math.floor(Date.now() / 1000)
  const rows: Array<[string, string]> = [
    ['DO archive, RUN, 1,000 lines (aggregate)', await archiveOf('type=RUN&tail_lines=-1')],
    ['DO archive, RUN_RESTARTED, 1,000-line cap', await archiveOf('type=RUN_RESTARTED&tail_lines=1000')],
    ['DO aggregate logs (signed URLs)', `/v2/apps/${worker}/logs?type=RUN`],
    ['DO GET /v2/apps', '/v2/apps'],
    ['DO CPU metrics, 7 days', `/v2/monitoring/metrics/apps/cpu_percentage?app_id=${worker}&start=${day - 7 * 86400}&end=${day}`],
    ['Akkeris GET /apps', '/apps'],
  ]
  const durationMs = quick ? 1500 : 3000
  /** The longest CPU block (and wall gap) while `target` is under load. */
  const probe = async (target: string) => {
    await ask('reset')
    const load = await measureLoad({ url: target, headers: AUTH, concurrency: 4, durationMs })
    if (load.errors) throw new Error(`${load.errors} requests to ${target} failed`)
    return { ...(await ask<{ maxCpuMs: number; maxWallMs: number }>('stats')), requests: Math.round((load.rps * durationMs) / 1000) }
  }
  for (const [name, path] of rows) {
    const first = await fetch(url + path, { headers: AUTH })
    const body = await first.text()
    const simulated = await probe(url + path)
    const bare = await ask<{ url: string }>({ bare: { path: path.split('?')[0], body, type: first.headers.get('content-type') ?? 'text/plain' } })
    const baseline = await probe(bare.url + path)
    report(`longest block (CPU): ${name}`, simulated.maxCpuMs, 'ms', baseline.maxCpuMs, '≤ 50 ms')
    console.log(`  (${(body.length / 1024).toFixed(0)} KB; longest wall-clock gap ${simulated.maxWallMs.toFixed(0)} ms vs ${baseline.maxWallMs.toFixed(0)} ms; ${simulated.requests} vs ${baseline.requests} requests)`)
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => (clearTimeout(timer), resolve()))
    child.send('close')
  })
}
