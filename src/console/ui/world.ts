/** The world view: both providers' apps from `GET /__paasim/world`, read again whenever the clock moves. */
import { control, esc, status } from './api.js'
import { oneAtATime } from './frame.js'

/** `GET /__paasim/world` as the page reads it. */
export interface WorldSnapshot {
  now: string
  akkeris: Array<{
    id: string
    key: string
    stack: string
    formations: Array<{ type: string; quantity: number; size: string }>
    builds: Array<{ id: string; status: string; createdAt: string; finishedAt: string }>
    dynos: Array<{ instance: string; state: string; restarts: number }>
    restarts: string[]
    crashes: Array<{ at: string; instance: string }>
  }>
  digitalocean: Array<{
    id: string
    name: string
    region: string
    activeDeployment: string | null
    components: Array<{ name: string; kind: string; crashing: boolean; state: string | null; instances: Array<{ alias: string; name: string; restarts: number }> }>
    deployments: Array<{ id: string; cause: string; phase: string; createdAt: string; progress: { success: number; error: number; total: number } }>
  }>
}

const chip = (text: string, kind: string, title = '') => `<span class="chip ${esc(kind)}" title="${esc(title)}">${esc(text)}</span>`

function akkerisRows(world: WorldSnapshot): string {
  return world.akkeris
    .map((app) => {
      const formation = app.formations.map((f) => `${esc(f.type)} ×${f.quantity} <small>${esc(f.size)}</small>`).join(', ')
      const builds = app.builds.map((b) => chip(b.status, b.status, `${b.id} created ${b.createdAt}`)).join(' ')
      const dynos = app.dynos.map((d) => `<span data-dyno="${esc(d.instance)}" data-state="${esc(d.state)}" data-restarts="${d.restarts}">${chip(`${d.instance} ${d.state}${d.restarts ? ` ↻${d.restarts}` : ''}`, d.state, d.instance)}</span>`).join(' ')
      return `<tr data-app="${esc(app.key)}"><td>${esc(app.key)}</td><td>${esc(app.stack)}</td><td>${formation}<div class="dynos">${dynos}</div></td><td class="builds">${builds}</td></tr>`
    })
    .join('')
}

function doRows(world: WorldSnapshot): string {
  return world.digitalocean
    .map((app) => {
      const components = app.components
        .map(
          (c) =>
            `<span data-component="${esc(c.name)}" data-state="${esc(c.state ?? '')}">${esc(c.name)} <small>${esc(c.kind)}${c.crashing ? ', crash-looping' : ''}</small>` +
            `${c.state ? ` ${chip(c.state, c.state.toLowerCase())}` : ''} ` +
            `${c.instances.map((i) => `<span data-instance="${esc(i.alias)}" data-restarts="${i.restarts}">${chip(`${i.alias}${i.restarts ? ` ↻${i.restarts}` : ''}`, 'instance', i.name)}</span>`).join(' ')}</span>`,
        )
        .join('<br>')
      const deployments = app.deployments
        .map((d) => chip(`${d.phase} ${d.progress.success}/${d.progress.total}`, d.phase.toLowerCase(), `${d.id} (${d.cause}) created ${d.createdAt}`))
        .join(' ')
      return `<tr data-app="${esc(app.id)}"><td>${esc(app.name)}</td><td>${esc(app.region)}</td><td>${components}</td><td class="deployments">${deployments}</td></tr>`
    })
    .join('')
}

let latest: WorldSnapshot | undefined
/** The tables' markup as last written: an unchanged table is not parsed and laid out again. */
const written = new Map<string, string>()

function writeRows(selector: string, html: string): void {
  if (written.get(selector) === html) return
  written.set(selector, html)
  document.querySelector(selector)!.innerHTML = html
}

const listeners: Array<(world: WorldSnapshot) => void> = []

/** The last snapshot read. */
export const currentWorld = () => latest

/** Calls `listener` with each new snapshot. */
export function onWorld(listener: (world: WorldSnapshot) => void): void {
  listeners.push(listener)
}

/** Reads the world again (one read at a time; requests during a read coalesce into one more). */
export const refreshWorld = oneAtATime(() =>
  control<WorldSnapshot>('GET', '/world')
    .then((world) => {
      latest = world
      writeRows('#akkeris-apps tbody', akkerisRows(world))
      writeRows('#do-apps tbody', doRows(world))
      document.getElementById('view-world')!.dataset.now = world.now
      for (const listener of listeners) listener(world)
    })
    .catch((err: Error) => status(`world: ${err.message}`, true)),
)
