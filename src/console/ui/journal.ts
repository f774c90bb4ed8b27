/** The journal view: requests as they are answered, from `GET /__paasim/journal/events`, newest on top, with a filter. */
import type { JournalEntry } from '../../http/journal.js'
import { keepNewest, perFrame } from './frame.js'

/** A journal entry as the SSE stream sends it. */
type Entry = JournalEntry

/** Entries kept for re-filtering; rows rendered at most. */
const KEEP = 2000
const ROWS = 300

const entries: Entry[] = []
let unseen: Entry[] = []

const text = (e: Entry) => `${e.method} ${e.path} ${e.operationId ?? ''} ${e.status} ${e.provider}${e.fault ? ` fault #${e.fault} ${e.faultKind ?? ''}` : ''}`.toLowerCase()

function matcher(): (e: Entry) => boolean {
  const words = (document.getElementById('journal-filter') as HTMLInputElement).value.toLowerCase().split(/\s+/).filter(Boolean)
  const withControl = (document.getElementById('journal-control') as HTMLInputElement).checked
  return (e) => (withControl || e.provider !== 'control') && words.every((w) => text(e).includes(w))
}

function row(e: Entry): HTMLTableRowElement {
  const tr = document.createElement('tr')
  // a reset or a cut body is a fault whatever the status the world answered
  if (e.fault) tr.className = 'fault'
  else if (e.status >= 400) tr.className = 'error'
  for (const cell of [e.at.replace(/\.\d{3}Z$/, 'Z'), e.provider, e.method, e.path, e.operationId ?? '-', String(e.status), e.fault ? `#${e.fault} ${e.faultKind ?? ''}`.trim() : '']) {
    const td = document.createElement('td')
    td.textContent = cell
    tr.append(td)
  }
  return tr
}

function prepend(list: Entry[], reset: boolean): void {
  const body = document.querySelector('#journal tbody')!
  if (reset) body.replaceChildren()
  const keep = matcher()
  const shown = list.filter(keep).slice(-ROWS)
  const fragment = document.createDocumentFragment()
  for (let i = shown.length - 1; i >= 0; i--) fragment.append(row(shown[i]))
  body.prepend(fragment)
  while (body.children.length > ROWS) body.lastElementChild!.remove()
  document.getElementById('journal-count')!.textContent = `${entries.length} requests received, ${body.children.length} shown`
}

/** Follows the journal until the page closes (the browser ends the stream, and the server its subscription). */
export function startJournal(): void {
  const flush = perFrame(() => {
    const batch = unseen
    unseen = []
    prepend(batch, false)
  })
  const events = new EventSource('/__paasim/journal/events?backlog=200')
  events.addEventListener('journal', (event) => {
    const entry = JSON.parse((event as MessageEvent<string>).data) as Entry
    entries.push(entry)
    keepNewest(entries, KEEP)
    unseen.push(entry)
    keepNewest(unseen, ROWS)
    flush()
  })
  const refilter = () => prepend(entries, true)
  document.getElementById('journal-filter')!.addEventListener('input', refilter)
  document.getElementById('journal-control')!.addEventListener('change', refilter)
}
