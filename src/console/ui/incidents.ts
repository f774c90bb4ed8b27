/**
 * Incidents and rate limits (in the faults view): builds, deployments that succeed or fail (in a
 * chosen phase), restarts, crashes and crash loops, autoscaling — each started with
 * `POST /__paasim/incidents` (the body `sim.incidents.start` takes); each token's window from
 * `GET /__paasim/rate-limits`, used up with `POST /__paasim/rate-limits/exhaust` or forgotten with
 * `DELETE /__paasim/rate-limits`.
 */
import { el, fillSelect } from './dom.js'
import { control, esc, status } from './api.js'
import { currentWorld, onWorld, refreshWorld, type WorldSnapshot } from './world.js'

const KINDS: Record<string, Array<[kind: string, label: string]>> = {
  akkeris: [['build', 'Build'], ['failed-build', 'Failed build'], ['restart', 'Restart'], ['crash', 'Crash'], ['crash-loop', 'Crash loop']],
  digitalocean: [['deployment', 'Deploy'], ['failed-build', 'Failed build'], ['failed-deploy', 'Failed deploy'], ['crash', 'Crash'], ['crash-loop', 'Crash loop'], ['autoscale', 'Autoscale']],
}

interface TokenWindow {
  token: string
  scopes: string[]
  limit: number
  remaining: number
  reset: string
}


function apps(world: WorldSnapshot): void {
  const select = el<HTMLSelectElement>('incident-app')
  const options = [...world.akkeris.map((a) => [`akkeris|${a.key}`, `Akkeris ${a.key}`]), ...world.digitalocean.map((a) => [`digitalocean|${a.id}`, `DigitalOcean ${a.name}`])]
  fillSelect(select, options)
  buttons()
}

/** What the chosen app's incidents can target: Akkeris dyno types and dynos, DigitalOcean services and workers. */
function targets(): string[][] {
  const [provider, app] = el<HTMLSelectElement>('incident-app').value.split('|')
  const world = currentWorld()
  if (provider === 'akkeris') {
    const a = world?.akkeris.find((x) => x.key === app)
    const types = (a?.formations ?? []).filter((f) => f.quantity > 0).map((f) => [f.type, `every ${f.type} dyno`])
    return [...types, ...(a?.dynos ?? []).filter((d) => d.state !== 'stopping').map((d) => [d.instance, d.instance])]
  }
  const a = world?.digitalocean.find((x) => x.id === app)
  return (a?.components ?? []).filter((c) => c.kind === 'service' || c.kind === 'worker').map((c) => [c.name, `${c.name} (${c.instances.length} instances)`])
}

function buttons(): void {
  const provider = el<HTMLSelectElement>('incident-app').value.split('|')[0]
  fillSelect(el<HTMLSelectElement>('incident-target'), targets())
  const html = (KINDS[provider] ?? []).map(([kind, label]) => `<button type="button" data-kind="${kind}">${esc(label)}</button>`).join(' ')
  if (el('incident-kinds').innerHTML !== html) el('incident-kinds').innerHTML = html
}

/** The `POST /__paasim/incidents` body of a button, from the app, target and options chosen. */
function incidentBody(button: string): Record<string, unknown> {
  const [provider, app] = el<HTMLSelectElement>('incident-app').value.split('|')
  const target = el<HTMLSelectElement>('incident-target').value
  const loop = { times: Number(el<HTMLInputElement>('incident-times').value), every: el<HTMLInputElement>('incident-every').value.trim() }
  const crash = button === 'crash' || button === 'crash-loop'
  const body: Record<string, unknown> = { provider, app, kind: button === 'crash-loop' ? 'crash' : button }
  if (provider === 'akkeris') {
    if (crash || (button === 'restart' && target)) body.dyno = target
  } else {
    if (crash || button === 'autoscale') body.component = target
    if (button === 'failed-deploy') body.phase = el<HTMLSelectElement>('incident-phase').value
    if (button === 'autoscale') body.to = Number(el<HTMLInputElement>('incident-to').value)
  }
  if (button === 'crash-loop') body.loop = loop
  return body
}

/** Reads every token's rate-limit window again. */
export async function refreshRateLimits(): Promise<void> {
  try {
    const windows = await control<TokenWindow[]>('GET', '/rate-limits')
    el('rate-limits').querySelector('tbody')!.innerHTML = windows
      .map(
        (w) =>
          `<tr data-token="${esc(w.token)}"><td><code>${esc(w.token.length > 24 ? `${w.token.slice(0, 12)}…${w.token.slice(-6)}` : w.token)}</code></td>` +
          `<td>${esc(w.scopes.join(', '))}</td><td>${w.remaining} / ${w.limit}</td><td>${esc(w.reset)}</td>` +
          `<td><button type="button" data-exhaust="${esc(w.token)}">Use up</button></td></tr>`,
      )
      .join('')
  } catch (err) {
    status(`rate limits: ${(err as Error).message}`, true)
  }
}

/** Wires the incident buttons and the rate-limit table. */
export function startIncidents(): void {
  onWorld(apps)
  el('incident-app').addEventListener('change', buttons)
  el('incident-kinds').addEventListener('click', async (event) => {
    const kind = (event.target as HTMLElement).dataset.kind
    if (!kind) return
    try {
      const started = await control<{ kind: string; id: string; at: string }>('POST', '/incidents', incidentBody(kind))
      status(`${kind} started at ${started.at}: ${started.id}`)
    } catch (err) {
      status(`incident refused: ${(err as Error).message}`, true)
    }
    await refreshWorld()
  })
  el('rate-limits').addEventListener('click', async (event) => {
    const token = (event.target as HTMLElement).dataset.exhaust
    if (!token) return
    await control('POST', '/rate-limits/exhaust', { token }).catch((err: Error) => status(err.message, true))
    await refreshRateLimits()
  })
  el('rate-limits-clear').addEventListener('click', async () => {
    await control('DELETE', '/rate-limits').catch((err: Error) => status(err.message, true))
    await refreshRateLimits()
  })
}
