/**
 * Stream faults on live logs through msw's WebSocket interception (in-process): the tailer on the
 * runtime's own WebSocket sees 1006 and 1011 closes, frames dripped at 3 a second, a stall its
 * timeout catches, and an expired URL refused (msw's 4403). Node 20 needs `--experimental-websocket`,
 * so the scenario runs in a child process (test/support/msw-websocket-faults-scenario.ts).
 */
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

it('drop (1006, 1011), throttle, stall and expire on an in-process WebSocket (msw setupServer)', () => {
  const flags = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function' ? [] : ['--experimental-websocket']
  const run = spawnSync(process.execPath, [...flags, '--no-warnings', '--import', 'tsx', 'test/support/msw-websocket-faults-scenario.ts'], { encoding: 'utf8', timeout: 90_000 })
  expect(run.stderr).toBe('')
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
  // exactly 3 frames, then a close event with 1006 (msw: no close frame exists in-process), then the same URL again
  expect(result.drop1006[0]).toMatchObject({ lines: { length: 3 }, ending: { how: 'closed', code: 1006 } })
  expect(result.drop1006[1]).toMatchObject({ url: result.drop1006[0].url, lines: { length: 10 } })
  expect(result.drop1011).toHaveLength(1)
  expect(result.drop1011[0]).toMatchObject({ lines: { length: 3 }, ending: { how: 'closed', code: 1011 } })
  expect(result.throttle).toEqual([3, 6, 9, 12]) // lines delivered by the end of each simulated second, at 3 a second
  expect(result.stall[0]).toMatchObject({ lines: { length: 4 }, ending: { how: 'stalled' } })
  expect(result.expire.map((c: { lines: string[]; ending: unknown }) => [c.lines.length, c.ending])).toEqual([
    [2, { how: 'end' }],
    [0, { how: 'refused', status: 403, body: 'forbidden' }],
    [10, { how: 'end' }], // (ended by the tailer's own stop)
  ])
  expect(result.expire[1].url).toBe(result.expire[0].url)
  expect(result.expire[2].url).not.toBe(result.expire[0].url)
  expect(result.pending).toBe(0)
}, 120_000)
