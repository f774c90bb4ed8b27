/**
 * A dashboard against paasim in the browser: msw's `setupWorker` serves both simulated APIs to the
 * page's own `fetch` and `WebSocket`; the page lists apps, tails logs and charts a metric series.
 */
import { setupWorker } from 'msw/browser'
import { createSim, DEFAULT_TOKEN } from 'paasim'

const AKKERIS = 'https://apps.akkeris.io'
const DO = 'https://api.digitalocean.com'
const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` }
const $ = (id: string) => document.getElementById(id)!

const sim = createSim({ seed: 42, clock: 'manual', now: '2026-03-01T12:00:00Z' })
const worker = setupWorker(...sim.handlers)
await worker.start({ quiet: true })
await sim.ready
Object.assign(window, { sim }) // for tests and the console: sim.clock.advance('5m')

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { ...auth, 'content-type': 'application/json', ...init.headers } })
  if (!res.ok) throw new Error(`${res.status} ${url}`)
  return (await res.json()) as T
}

function showClock(): void {
  $('clock').textContent = new Date(sim.clock.now()).toISOString().replace('.000Z', 'Z')
}

function append(target: string, line: string): void {
  const pre = $(target)
  pre.textContent += line.endsWith('\n') ? line : `${line}\n`
  pre.scrollTop = pre.scrollHeight
}

/** Reads an Akkeris log session line by line with fetch and a ReadableStream. */
async function tailAkkeris(app: string): Promise<void> {
  const session = await api<{ logplex_url: string }>(`${AKKERIS}/apps/${app}/log-sessions`, { method: 'POST', body: JSON.stringify({ lines: 10, tail: true }) })
  const res = await fetch(session.logplex_url)
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let pending = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    pending += value
    const lines = pending.split('\n')
    pending = lines.pop()!
    for (const line of lines) if (line) append('akkeris-log', line)
  }
}

/** Follows a DigitalOcean app's RUN logs over the live WebSocket URL. */
async function followDigitalOcean(appId: string): Promise<void> {
  const { live_url } = await api<{ live_url: string }>(`${DO}/v2/apps/${appId}/logs?type=RUN&follow=true&tail_lines=5`)
  const socket = new WebSocket(live_url.replace(/^http/, 'ws'))
  socket.addEventListener('message', (event) => append('do-log', (JSON.parse(String(event.data)) as { data: string }).data))
}

interface Series { values: Array<[number, string]> }

/** Draws the app's CPU series over the last simulated hour as a line chart. */
async function drawChart(appId: string): Promise<void> {
  const end = Math.floor(sim.clock.now() / 1000)
  const body = await api<{ data: { result: Series[] } }>(`${DO}/v2/monitoring/metrics/apps/cpu_percentage?app_id=${appId}&start=${end - 3600}&end=${end}`)
  const canvas = $('chart') as HTMLCanvasElement
  const g = canvas.getContext('2d')!
  g.clearRect(0, 0, canvas.width, canvas.height)
  const series = body.data.result
  const points = series.flatMap((s) => s.values.map(([t, v]) => [t, Number(v)] as const))
  const [t0, t1] = [end - 3600, end]
  const vMax = Math.max(1, ...points.map(([, v]) => v))
  const colors = ['#2f6fde', '#e0773a', '#3aa35f', '#9b4dca']
  series.forEach((s, i) => {
    g.strokeStyle = colors[i % colors.length]!
    g.lineWidth = 2
    g.beginPath()
    s.values.forEach(([t, v], j) => {
      const x = ((t - t0) / (t1 - t0)) * (canvas.width - 20) + 10
      const y = canvas.height - 10 - (Number(v) / vMax) * (canvas.height - 20)
      if (j === 0) g.moveTo(x, y)
      else g.lineTo(x, y)
    })
    g.stroke()
  })
  canvas.dataset.points = String(points.length)
}

const doApps = (await api<{ apps: Array<{ id: string; spec: { name: string } }> }>(`${DO}/v2/apps`)).apps
const akkerisApps = await api<Array<{ name: string }>>(`${AKKERIS}/apps`)
$('do-apps').innerHTML = doApps.map((a) => `<li>${a.spec.name}</li>`).join('')
$('akkeris-apps').innerHTML = akkerisApps.map((a) => `<li>${a.name}</li>`).join('')

const tailed = akkerisApps[0]!.name
const followed = doApps[0]!
$('tail-app').textContent = tailed
$('live-app').textContent = followed.spec.name
$('chart-app').textContent = followed.spec.name
void tailAkkeris(tailed)
void followDigitalOcean(followed.id)
await drawChart(followed.id)
showClock()

const advance = $('advance') as HTMLButtonElement
advance.disabled = false
advance.addEventListener('click', async () => {
  sim.clock.advance('1m')
  showClock()
  await drawChart(followed.id)
})
$('status').textContent = 'ready'
