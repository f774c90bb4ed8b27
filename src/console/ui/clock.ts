/** The clock bar: time, mode and speed from `GET /__paasim/clock/events`; advance, pause and speed through `POST /__paasim/clock`. */
import { control, status } from './api.js'

/** The clock as the control routes describe it. */
export interface ClockState {
  mode: 'manual' | 'real' | 'scaled'
  speed: number
  paused: boolean
  now: string
}

let state: ClockState | undefined
let receivedAt = 0

/** Simulated time now, epoch ms (a running clock moves on between events). */
export function simulatedNow(): number {
  if (!state) return 0
  const base = Date.parse(state.now)
  return running() ? base + (performance.now() - receivedAt) * state.speed : base
}

/** Whether the clock moves by itself. */
export function running(): boolean {
  return !!state && state.mode !== 'manual' && !state.paused
}

function render(): void {
  if (!state) return
  document.getElementById('clock-now')!.textContent = new Date(simulatedNow()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const mode = state.mode === 'manual' ? 'manual' : `${state.mode} ×${state.speed}${state.paused ? ', paused' : ''}`
  document.getElementById('clock-mode')!.textContent = mode
  const pause = document.getElementById('clock-pause') as HTMLButtonElement
  pause.disabled = state.mode === 'manual'
  pause.textContent = state.paused ? 'Resume' : 'Pause'
  ;(document.getElementById('clock-speed') as HTMLInputElement).disabled = state.mode === 'manual'
  ;(document.getElementById('clock-set-speed') as HTMLButtonElement).disabled = state.mode === 'manual'
}

/** Follows the clock; `onChange` runs after every change it reports (advance, set, speed, pause, reset). */
export function startClock(onChange: (clock: ClockState) => void): void {
  const events = new EventSource('/__paasim/clock/events')
  events.addEventListener('clock', (event) => {
    state = JSON.parse((event as MessageEvent<string>).data) as ClockState
    receivedAt = performance.now()
    document.body.dataset.clock = state.now
    render()
    onChange(state)
  })
  // a running clock's display moves four times a second
  setInterval(() => running() && render(), 250)
  const act = (body: Record<string, unknown>) => control('POST', '/clock', body).catch((err: Error) => status(err.message, true))
  document.getElementById('clock-advance')!.addEventListener('click', () => act({ advance: (document.getElementById('clock-step') as HTMLSelectElement).value }))
  document.getElementById('clock-pause')!.addEventListener('click', () => act({ paused: !state?.paused }))
  document.getElementById('clock-set-speed')!.addEventListener('click', () => act({ speed: Number((document.getElementById('clock-speed') as HTMLInputElement).value) }))
}
