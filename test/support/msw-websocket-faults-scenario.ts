/**
 * Child-process scenario for test/digitalocean/msw-websocket-faults.test.ts: stream faults on live
 * logs through msw's WebSocket interception, met by the tailer on the runtime's own WebSocket.
 * Prints one JSON line: each case's connections.
 */
import { setupServer } from 'msw/node'
import { createSim, DEFAULT_TOKEN, type FaultRuleInput } from '../../src/index.js'
import { STRICT } from './msw.js'
import { waitFor } from './streams.js'
import { clockSleep, Tailer, webSocketLines, type Connection } from './tailer.js'

const sim = createSim({ seed: 9 })
await sim.ready
const server = setupServer(...sim.handlers)
server.listen(STRICT)
const id = sim.digitalocean.app('shop-frontend').id
const liveUrl = async () => {
  const res = await fetch(`https://api.digitalocean.com/v2/apps/${id}/logs?type=RUN&tail_lines=10&component_name=web&follow=true`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })
  return ((await res.json()) as { live_url: string }).live_url
}

/** Runs a tailer under one rule until `done` holds (advancing the clock by `step` each time it waits). */
async function run(rule: FaultRuleInput, done: (c: Connection[]) => boolean, step?: string): Promise<Connection[]> {
  sim.faults.clear()
  sim.faults.add(rule)
  const t = new Tailer({ session: liveUrl, open: webSocketLines }, { sleep: clockSleep(sim.clock), stallTimeoutMs: 30_000, backoffMs: [1000], maxConnections: 3 }).start()
  for (let i = 0; i < 20 && !done(t.connections); i++) {
    await waitFor(() => done(t.connections), rule.kind!, 500).catch(() => step && sim.clock.advance(step))
  }
  await t.stop()
  return t.connections.map((c) => ({ ...c, url: c.url.slice(-12) }))
}

/** Lines a throttled socket has delivered at the end of each simulated second, for `seconds` seconds. */
async function throttled(seconds: number): Promise<number[]> {
  sim.faults.clear()
  sim.faults.add({ operationId: 'live_logs.socket', kind: 'throttle', linesPerSecond: 3 })
  const t = new Tailer({ session: liveUrl, open: webSocketLines }, { sleep: clockSleep(sim.clock), stallTimeoutMs: 30_000, backoffMs: [1000], maxConnections: 1 }).start()
  const counts: number[] = []
  for (let s = 0; s < seconds; s++) {
    await waitFor(() => t.lines.length >= 3 * (s + 1), 'a second of lines').catch(() => {})
    await new Promise((resolve) => setTimeout(resolve, 30))
    counts.push(t.lines.length)
    sim.clock.advance('1s')
  }
  await t.stop()
  return counts
}

const result = {
  throttle: await throttled(4),
  drop1006: await run({ operationId: 'live_logs.socket', kind: 'drop', lines: 3, times: 1 }, (c) => (c[1]?.lines.length ?? 0) >= 10, '1s'),
  drop1011: await run({ operationId: 'live_logs.socket', kind: 'drop', lines: 3, code: 1011, times: 1 }, (c) => c[0]?.ending !== undefined),
  stall: await run({ operationId: 'live_logs.socket', kind: 'stall', lines: 4, times: 1 }, (c) => c[0]?.ending !== undefined, '10s'),
  expire: await run({ operationId: 'live_logs.socket', kind: 'expire', lines: 2, times: 1 }, (c) => (c[2]?.lines.length ?? 0) >= 10),
  pending: sim.clock.pending,
}
server.close()
console.log(JSON.stringify(result))
