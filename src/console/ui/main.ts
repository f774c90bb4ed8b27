/**
 * The paasim console: one page over the documented control routes and the public APIs of the
 * server that serves it. Views: world, logs, metrics, faults (with incidents and rate limits),
 * journal; the clock is always shown.
 */
import 'uplot/dist/uPlot.min.css'
import './console.css'
import { initialToken, setToken } from './api.js'
import { running, startClock } from './clock.js'
import { refreshFaults, startFaults } from './faults.js'
import { refreshRateLimits, startIncidents } from './incidents.js'
import { startJournal } from './journal.js'
import { startLogs } from './logs.js'
import { refreshMetrics, startMetrics } from './metrics.js'
import { refreshWorld } from './world.js'

const VIEWS = ['world', 'logs', 'metrics', 'faults', 'journal'] as const

function show(): void {
  const wanted = location.hash.slice(1)
  const view = (VIEWS as readonly string[]).includes(wanted) ? wanted : 'world'
  for (const v of VIEWS) document.getElementById(`view-${v}`)!.hidden = v !== view
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) a.classList.toggle('current', a.dataset.view === view)
  document.body.dataset.view = view
  if (view === 'metrics') void refreshMetrics()
  if (view === 'faults') void Promise.all([refreshFaults(), refreshRateLimits()])
}

function start(): void {
  const token = document.getElementById('token') as HTMLInputElement
  token.value = initialToken()
  token.addEventListener('change', () => setToken(token.value))
  window.addEventListener('hashchange', show)
  show()
  startJournal()
  startFaults()
  startIncidents()
  startLogs()
  startMetrics()
  startClock(() => {
    void refreshWorld()
    void refreshFaults() // hits and retired rules change as requests arrive
    if (document.body.dataset.view === 'faults') void refreshRateLimits() // windows slide with the clock
    if (document.body.dataset.view === 'metrics') void refreshMetrics()
  })
  // a running clock moves the world without events: read it again every two seconds meanwhile
  setInterval(() => {
    if (!running()) return
    void refreshWorld()
    if (document.body.dataset.view === 'metrics') void refreshMetrics()
  }, 2000)
  document.body.dataset.ready = 'true'
}

start()
