/**
 * Incidents and rate limits (in the faults view): builds and deployments that succeed or fail,
 * started with `POST /__paasim/incidents`; each token's window from `GET /__paasim/rate-limits`,
 * used up with `POST /__paasim/rate-limits/exhaust` or forgotten with `DELETE /__paasim/rate-limits`.
 */
import { el, fillSelect } from './dom.js'
import { control, esc, status } from './api.js'
import { onWorld, refreshWorld, type WorldSnapshot } from './world.js'

const KINDS: Record<string, Array<[kind: string, label: string]>> = {
  akkeris: [['build', 'Build'], ['failed-build', 'Failed build']],
  digitalocean: [['deployment', 'Deploy'], ['failed-build', 'Failed build'], ['failed-deploy', 'Failed deploy']],
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
  if (!fillSelect(select, options)) return
  buttons()
}

function buttons(): void {
  const provider = el<HTMLSelectElement>('incident-app').value.split('|')[0]
  el('incident-kinds').innerHTML = (KINDS[provider] ?? []).map(([kind, label]) => `<button type="button" data-kind="${kind}">${esc(label)}</button>`).join(' ')
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
    const [provider, app] = el<HTMLSelectElement>('incident-app').value.split('|')
    try {
      const started = await control<{ build?: string; deployment?: string }>('POST', '/incidents', { provider, app, kind })
      status(`${kind} started: ${started.build ?? started.deployment}`)
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
