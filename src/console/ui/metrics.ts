/**
 * The metrics view: uPlot charts of an app's series over a window ending at the simulated now,
 * read through the public metric routes — Akkeris `GET /apps/{app}/metrics` (per dyno type) and
 * DigitalOcean `GET /v2/monitoring/metrics/apps/{metric}` (per instance) — and read again as the
 * clock moves.
 */
import { el, fillSelect } from './dom.js'
import uPlot from 'uplot'
import { esc, publicApi, status } from './api.js'
import { simulatedNow } from './clock.js'
import { currentWorld, onWorld, type WorldSnapshot } from './world.js'
import { oneAtATime } from './frame.js'

interface Chart {
  title: string
  unit: string
  /** Series label → value by unix second. */
  series: Map<string, Map<number, number>>
}

const AKKERIS: Array<[key: string, title: string, unit: string]> = [
  ['cpu_usage_seconds_total', 'CPU', 'cpu seconds'],
  ['memory_usage_bytes', 'Memory', 'bytes'],
  ['fs_usage_bytes', 'Filesystem', 'bytes'],
]
const DIGITALOCEAN: Array<[metric: string, title: string, unit: string]> = [
  ['cpu_percentage', 'CPU', '%'],
  ['memory_percentage', 'Memory', '%'],
  ['restart_count', 'Restarts', 'count'],
]


/** A resolution giving some 60–360 samples over the window. */
const resolution = (windowSec: number) => (windowSec <= 3600 ? '1m' : windowSec <= 21600 ? '5m' : '10m')

async function akkerisCharts(app: string, fromSec: number, toSec: number): Promise<Chart[]> {
  const query = `resolution=${resolution(toSec - fromSec)}&from=${fromSec}&to=${toSec}`
  const body = (await (await publicApi(`/apps/${encodeURIComponent(app)}/metrics?${query}`)).json()) as Record<string, Record<string, Record<string, string>>>
  return AKKERIS.map(([key, title, unit]) => ({
    title,
    unit,
    series: new Map(Object.entries(body).map(([type, metrics]) => [type, new Map(Object.entries(metrics[key] ?? {}).map(([t, v]) => [Number(t), Number(v)]))])),
  }))
}

interface PromMatrix {
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }
}

async function digitalOceanCharts(app: string, component: string, fromSec: number, toSec: number): Promise<Chart[]> {
  return Promise.all(
    DIGITALOCEAN.map(async ([metric, title, unit]) => {
      const query = `app_id=${encodeURIComponent(app)}&app_component=${encodeURIComponent(component)}&start=${fromSec}&end=${toSec}`
      const body = (await (await publicApi(`/v2/monitoring/metrics/apps/${metric}?${query}`)).json()) as PromMatrix
      const series = new Map(body.data.result.map((r) => [r.metric.app_component_instance ?? r.metric.app_component ?? component, new Map(r.values.map(([t, v]) => [t, Number(v)]))]))
      return { title, unit, series }
    }),
  )
}

/** uPlot's aligned columns: the union of timestamps, then one column per series (null where it has no sample). */
function aligned(chart: Chart): { data: uPlot.AlignedData; samples: number } {
  const times = [...new Set([...chart.series.values()].flatMap((s) => [...s.keys()]))].sort((a, b) => a - b)
  const columns = [...chart.series.values()].map((s) => times.map((t) => s.get(t) ?? null))
  const samples = [...chart.series.values()].reduce((n, s) => n + s.size, 0)
  return { data: [times, ...columns], samples }
}

/** A moment drawn across every chart, unix seconds. */
interface Marker {
  at: number
  label: 'release' | 'restart' | 'crash'
}
let markers: Marker[] = []

/**
 * Akkeris: releases (a succeeded build restarts the dynos), user restarts and dyno crashes, from
 * the world snapshot. DigitalOcean: each rise of an instance's `restart_count`, at the first
 * sample that counts it (the metric is the record of restarts).
 */
function markersOf(source: string, charts: Chart[], fromSec: number, toSec: number): Marker[] {
  const [provider, app] = source.split('|')
  const out: Marker[] = []
  if (provider === 'akkeris') {
    const a = currentWorld()?.akkeris.find((x) => x.key === app)
    const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000)
    for (const b of a?.builds ?? []) if (b.status === 'succeeded') out.push({ at: sec(b.finishedAt), label: 'release' })
    for (const r of a?.restarts ?? []) out.push({ at: sec(r), label: 'restart' })
    for (const c of a?.crashes ?? []) out.push({ at: sec(c.at), label: 'crash' })
  } else {
    const restarts = charts.find((c) => c.title === 'Restarts')
    for (const series of restarts?.series.values() ?? []) {
      let previous: number | undefined
      for (const [t, v] of [...series].sort((x, y) => x[0] - y[0])) {
        if (previous !== undefined && v > previous) out.push({ at: t, label: 'restart' })
        previous = v
      }
    }
  }
  const seen = new Set<string>()
  return out.filter((m) => m.at >= fromSec && m.at <= toSec && !seen.has(`${m.at}${m.label}`) && seen.add(`${m.at}${m.label}`)).sort((x, y) => x.at - y.at)
}

const MARKER_COLORS: Record<Marker['label'], string> = { release: '#1c7ed6', restart: '#e67700', crash: '#c92a2a' }

/** Draws the markers as dashed vertical lines labelled with what happened. */
const markerPlugin: uPlot.Plugin = {
  hooks: {
    draw: [
      (u) => {
        const { ctx, bbox } = u
        ctx.save()
        ctx.setLineDash([5, 4])
        ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`
        for (const { at, label } of markers) {
          ctx.strokeStyle = ctx.fillStyle = MARKER_COLORS[label]
          const x = u.valToPos(at, 'x', true)
          if (x < bbox.left || x > bbox.left + bbox.width) continue
          ctx.beginPath()
          ctx.moveTo(x, bbox.top)
          ctx.lineTo(x, bbox.top + bbox.height)
          ctx.stroke()
          ctx.fillText(label, x + 4, bbox.top + 12 * devicePixelRatio)
        }
        ctx.restore()
      },
    ],
  },
}

/** `1.5 GB`, `300 MB`: axis labels short enough for the axis. */
function inBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let i = 0
  while (Math.abs(n) >= 1000 && i < units.length - 1) (n /= 1000), i++
  return `${Number(n.toFixed(1))} ${units[i]}`
}

const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0b7285', '#c2255c', '#5c940d']
const plots = new Map<string, uPlot>()

function draw(charts: Chart[]): number {
  const box = el('metrics-charts')
  const width = Math.max(320, box.clientWidth - 8)
  let points = 0
  const wanted = new Set<string>()
  for (const chart of charts) {
    const labels = [...chart.series.keys()]
    const id = `${chart.title}|${labels.join(',')}`
    wanted.add(id)
    const { data, samples } = aligned(chart)
    points += samples
    const existing = plots.get(id)
    if (existing) {
      existing.setData(data)
      continue
    }
    const holder = document.createElement('figure')
    holder.dataset.chart = chart.title
    holder.innerHTML = `<figcaption>${esc(chart.title)} <small>${esc(chart.unit)}</small></figcaption>`
    box.append(holder)
    const options: uPlot.Options = {
      width,
      height: 200,
      series: [{}, ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false }))],
      axes: [{}, { size: 70, ...(chart.unit === 'bytes' ? { values: (_: uPlot, ticks: number[]) => ticks.map(inBytes) } : {}) }],
      scales: { x: { time: true } },
      // simulated times are shown in UTC, as the APIs write them
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      plugins: [markerPlugin],
    }
    plots.set(id, new uPlot(options, data, holder))
  }
  for (const [id, plot] of plots) {
    if (wanted.has(id)) continue
    plot.root.parentElement?.remove()
    plot.destroy()
    plots.delete(id)
  }
  box.dataset.points = String(points)
  box.dataset.markers = String(markers.length)
  box.dataset.markerLabels = markers.map((m) => m.label).join(' ')
  el('metrics-points').textContent = `${points} samples`
  return points
}

/** Reads the chosen app's series again for the window ending now (one read at a time; asks meanwhile coalesce into one more). */
export const refreshMetrics = oneAtATime((): Promise<void> => {
  const source = el<HTMLSelectElement>('metrics-source').value
  if (!source) return Promise.resolve()
  const windowSec = Number(el<HTMLSelectElement>('metrics-window').value)
  const toSec = Math.floor(simulatedNow() / 1000)
  const fromSec = toSec - windowSec
  const [provider, app, component] = source.split('|')
  return (provider === 'akkeris' ? akkerisCharts(app, fromSec, toSec) : digitalOceanCharts(app, component, fromSec, toSec))
    .then((charts) => {
      // a source or window chosen meanwhile is drawn by the next read instead
      if (source !== el<HTMLSelectElement>('metrics-source').value || windowSec !== Number(el<HTMLSelectElement>('metrics-window').value)) return
      markers = markersOf(source, charts, fromSec, toSec)
      draw(charts)
      el('metrics-charts').dataset.to = String(toSec)
    })
    .catch((err: Error) => status(`metrics: ${err.message}`, true))
})

function sources(world: WorldSnapshot): void {
  const select = el<HTMLSelectElement>('metrics-source')
  const options = [
    ...world.akkeris.map((a) => [`akkeris|${a.key}`, `Akkeris ${a.key}`]),
    ...world.digitalocean.flatMap((a) => a.components.filter((c) => c.kind === 'service' || c.kind === 'worker').map((c) => [`do|${a.id}|${c.name}`, `DigitalOcean ${a.name} / ${c.name}`])),
  ]
  if (!fillSelect(select, options)) return
  if (document.body.dataset.view === 'metrics') void refreshMetrics()
}

/** Wires the view; sources come with each world snapshot. */
export function startMetrics(): void {
  onWorld(sources)
  const redraw = () => {
    for (const plot of plots.values()) {
      plot.root.parentElement?.remove()
      plot.destroy()
    }
    plots.clear()
    const box = el('metrics-charts')
    delete box.dataset.points
    delete box.dataset.to
    void refreshMetrics()
  }
  el('metrics-source').addEventListener('change', redraw)
  el('metrics-window').addEventListener('change', redraw)
}
