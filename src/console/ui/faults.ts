/** The faults view: the rules from `GET /__paasim/faults`; add with `POST`, remove with `DELETE /__paasim/faults/{id}`. */
import { control, esc, status } from './api.js'

interface Rule {
  id: number
  operationId: string
  provider?: string
  kind: string
  status?: number
  probability?: number
  latency?: { fixed: number } | { uniform: [number, number] } | { median: number; spread: number; max?: number }
  times?: number
  bytes?: number
  hits: number
}

/** A rule's latency in words: `250 ms`, `100–500 ms`, `median 800 ms, spread 0.5, at most 3000 ms`. */
function latencyText(latency: Rule['latency']): string {
  if (!latency) return ''
  if ('fixed' in latency) return `${latency.fixed} ms`
  if ('uniform' in latency) return `${latency.uniform[0]}–${latency.uniform[1]} ms`
  return `median ${latency.median} ms, spread ${latency.spread}${latency.max === undefined ? '' : `, at most ${latency.max} ms`}`
}

function render(rules: Rule[]): void {
  document.querySelector('#faults-table tbody')!.innerHTML = rules
    .map(
      (r) =>
        `<tr data-rule="${r.id}"><td>${r.id}</td><td>${esc(r.operationId)}</td><td>${esc(r.provider ?? 'any')}</td><td>${esc(r.kind)}${r.bytes === undefined ? '' : ` ${r.bytes} B`}</td><td>${r.status ?? ''}</td>` +
        `<td>${r.probability ?? 1}</td><td>${esc(latencyText(r.latency))}</td><td>${r.times ?? '∞'}</td><td>${r.hits}</td>` +
        `<td><button type="button" data-remove="${r.id}">Remove</button></td></tr>`,
    )
    .join('')
}

/** Reads the rules again. */
export async function refreshFaults(): Promise<void> {
  try {
    render(await control<Rule[]>('GET', '/faults'))
  } catch (err) {
    status(`faults: ${(err as Error).message}`, true)
  }
}

/** Wires the form and buttons. */
export function startFaults(): void {
  const form = document.getElementById('fault-form') as HTMLFormElement
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const data = new FormData(form)
    const rule: Record<string, unknown> = { operationId: String(data.get('operationId')).trim() }
    const kind = String(data.get('kind') ?? '')
    if (kind) rule.kind = kind
    // the status field keeps its default for the next rule: only a status rule (or an inferred one) sends it
    const fields = ['probability', 'times', ...(!kind || kind === 'status' ? ['status'] : []), ...(kind === 'truncate' ? ['bytes'] : [])]
    for (const name of fields) if (String(data.get(name) ?? '') !== '') rule[name] = Number(data.get(name))
    if (data.get('provider')) rule.provider = data.get('provider')
    if (String(data.get('delay') ?? '').trim()) rule.delay = String(data.get('delay')).trim()
    try {
      const added = await control<Rule>('POST', '/faults', rule)
      status(`fault rule #${added.id} added`)
    } catch (err) {
      status(`fault rule refused: ${(err as Error).message}`, true)
    }
    await refreshFaults()
  })
  document.querySelector('#faults-table tbody')!.addEventListener('click', async (event) => {
    const id = (event.target as HTMLElement).dataset.remove
    if (!id) return
    await control('DELETE', `/faults/${id}`).catch((err: Error) => status(err.message, true))
    await refreshFaults()
  })
  document.getElementById('faults-clear')!.addEventListener('click', async () => {
    await control('DELETE', '/faults').catch((err: Error) => status(err.message, true))
    await refreshFaults()
  })
}
