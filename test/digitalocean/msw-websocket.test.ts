/**
 * Live logs through msw's WebSocket interception, in a runtime with a global WebSocket. Node 20
 * needs `--experimental-websocket`, so the scenario runs in a child process (tests/support script).
 */
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

it('sends {"data"} frames and closes with 1000 to an in-process WebSocket client (msw setupServer)', () => {
  const flags = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function' ? [] : ['--experimental-websocket']
  const run = spawnSync(process.execPath, [...flags, '--no-warnings', '--import', 'tsx', 'test/support/msw-websocket-scenario.ts'], { encoding: 'utf8', timeout: 60_000 })
  expect(run.stderr).toBe('')
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
  expect(result.code).toBe(1000)
  expect(result.frames).toBe(10)
  for (const frame of result.sample) expect(JSON.parse(frame).data).toMatch(/^web \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*\n$/)
  expect(result.forbidden).toBe(4403)
})
