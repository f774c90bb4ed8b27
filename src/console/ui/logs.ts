/**
 * The logs view: a tail through the same public streams a client uses — an Akkeris log session
 * (`POST /apps/{app}/log-sessions`, then its `logplex_url`) or a DigitalOcean component's
 * `live_url` (`GET /v2/apps/{id}/components/{name}/logs?type=RUN&follow=true`) — with pause and a filter.
 */
import { el, fillSelect } from './dom.js'
import { publicApi, status } from './api.js'
import { keepNewest, perFrame, trimChildren } from './frame.js'
import { onWorld, type WorldSnapshot } from './world.js'

/** Lines kept (for the filter and for catching up after a pause); lines rendered at most. */
const KEEP = 5000
const ROWS = 1000
/** Lines a list may run over its size before it is trimmed (a trim per line would shift 5,000 lines a line). */
const SLACK = 500

interface Line {
  text: string
  /** A marker: where the stream ended or was cut. */
  marker?: boolean
}

const kept: Line[] = []
let unseen: Line[] = []
let paused = false
let tail: AbortController | undefined
let received = 0


function matches(): (line: Line) => boolean {
  const filter = el<HTMLInputElement>('logs-filter').value.toLowerCase()
  return (line) => line.marker === true || !filter || line.text.toLowerCase().includes(filter)
}

function append(lines: Line[], reset: boolean): void {
  const box = el('logs-lines')
  if (reset) box.replaceChildren()
  const keep = matches()
  const fragment = document.createDocumentFragment()
  for (const line of lines.filter(keep).slice(-ROWS)) {
    const div = document.createElement('div')
    div.textContent = line.text
    if (line.marker) div.className = 'marker'
    fragment.append(div)
  }
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4
  box.append(fragment)
  trimChildren(box, ROWS)
  if (atBottom) box.scrollTop = box.scrollHeight
  showCount()
}

function showCount(): void {
  el('logs-count').textContent = `${received} lines received, ${el('logs-lines').children.length} shown${paused ? ', paused' : ''}`
}

const flush = perFrame(() => {
  if (paused) return showCount() // lines still arrive (kept for the resume); the rows stay still
  const batch = unseen
  unseen = []
  append(batch, false)
})

function push(line: Line): void {
  if (!line.marker) received++
  kept.push(line)
  keepNewest(kept, KEEP, SLACK)
  unseen.push(line)
  keepNewest(unseen, ROWS, SLACK)
  flush()
}

/** Where the chosen source's stream is, asked for as a client would. */
async function streamUrl(source: string, signal: AbortSignal): Promise<string> {
  const [provider, app, component] = source.split('|')
  if (provider === 'akkeris') {
    const response = await publicApi(`/apps/${encodeURIComponent(app)}/log-sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: 100, tail: true }),
      signal,
    })
    return ((await response.json()) as { logplex_url: string }).logplex_url
  }
  const path = `/v2/apps/${encodeURIComponent(app)}/components/${encodeURIComponent(component)}/logs?type=RUN&follow=true&tail_lines=100`
  return ((await (await publicApi(path, { signal })).json()) as { live_url: string }).live_url
}

async function run(source: string, controller: AbortController): Promise<void> {
  const { signal } = controller
  try {
    const url = await streamUrl(source, signal)
    const response = await fetch(url, { signal })
    if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`)
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let rest = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      const parts = (rest + value).split('\n')
      rest = parts.pop()!
      for (const text of parts) if (text) push({ text })
    }
    if (rest) push({ text: rest })
    push({ text: '— the stream ended —', marker: true })
  } catch (err) {
    if (!signal.aborted) push({ text: `— the stream was cut: ${(err as Error).message} —`, marker: true })
  } finally {
    if (tail === controller) stop()
  }
}

function stop(): void {
  if (tail) status('')
  tail?.abort()
  tail = undefined
  el<HTMLButtonElement>('logs-start').textContent = 'Tail'
  el<HTMLButtonElement>('logs-pause').disabled = true
}

function sources(world: WorldSnapshot): void {
  const select = el<HTMLSelectElement>('logs-source')
  const options = [
    ...world.akkeris.map((a) => [`akkeris|${a.key}`, `Akkeris ${a.key}`]),
    ...world.digitalocean.flatMap((a) => a.components.filter((c) => c.kind !== 'static_site').map((c) => [`do|${a.id}|${c.name}`, `DigitalOcean ${a.name} / ${c.name}`])),
  ]
  fillSelect(select, options)
}

/** Wires the view; sources come with each world snapshot. */
export function startLogs(): void {
  onWorld(sources)
  el('logs-start').addEventListener('click', () => {
    if (tail) return stop()
    const controller = (tail = new AbortController())
    kept.length = 0
    unseen = []
    received = 0
    paused = false
    append([], true)
    el<HTMLButtonElement>('logs-start').textContent = 'Stop'
    el<HTMLButtonElement>('logs-pause').disabled = false
    el<HTMLButtonElement>('logs-pause').textContent = 'Pause'
    status(`tailing ${el<HTMLSelectElement>('logs-source').selectedOptions[0]?.textContent ?? ''}`)
    void run(el<HTMLSelectElement>('logs-source').value, controller)
  })
  el('logs-pause').addEventListener('click', () => {
    paused = !paused
    el<HTMLButtonElement>('logs-pause').textContent = paused ? 'Resume' : 'Pause'
    if (!paused) flush()
    else append([], false)
  })
  el('logs-filter').addEventListener('input', () => {
    unseen = []
    append(kept, true)
  })
  window.addEventListener('pagehide', stop)
}
