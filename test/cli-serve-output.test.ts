/** `paasim serve` for scripts and people: a JSON ready line (--json), a ready file, and the request log (--log). */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { exited, startCli } from './support/cli.js'
import { tempFolder } from './support/temp.js'

const temp = tempFolder('paasim-serve-output-')

describe('paasim serve --json', () => {
  it('prints one JSON line once listening, then one JSON line per request with --log', async () => {
    const { child, out } = await startCli(['serve', '--port', '0', '--json', '--log', '--control', '--token', 'mine', '--scoped-token', 'ro=app:read'], '\n')
    const ready = JSON.parse(out().split('\n')[0])
    expect(ready).toEqual({
      url: `http://127.0.0.1:${ready.port}`,
      host: '127.0.0.1',
      port: expect.any(Number),
      tokens: ['mine'],
      scopedTokens: [{ token: 'ro', scopes: ['app:read'] }],
      certFile: null,
      controlUrl: `http://127.0.0.1:${ready.port}/__paasim`,
      consoleUrl: `http://127.0.0.1:${ready.port}/__paasim/ui/?token=mine`,
      digitaloceanUrl: `http://127.0.0.1:${ready.port}/v2`,
      seed: 1,
      fixture: null,
      clock: 'real',
      pid: child.pid,
    })
    expect((await fetch(`${ready.digitaloceanUrl}/apps`, { headers: { authorization: 'Bearer mine' } })).status).toBe(200)
    expect((await fetch(`${ready.url}/apps/nope-default`, { headers: { authorization: 'Bearer mine' } })).status).toBe(404)
    await fetch(`${ready.controlUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operationId: 'apps_list', status: 503 }) })
    expect((await fetch(`${ready.digitaloceanUrl}/apps?page=1`, { headers: { authorization: 'Bearer mine' } })).status).toBe(503)
    await expect.poll(() => out().trim().split('\n').length).toBe(5)
    const log = out().trim().split('\n').slice(1).map((line) => JSON.parse(line))
    expect(log).toEqual([
      { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), method: 'GET', path: '/v2/apps', operation: 'apps_list', status: 200, durationMs: expect.any(Number), fault: null, faultKind: null },
      expect.objectContaining({ method: 'GET', path: '/apps/nope-default', operation: 'apps.get', status: 404 }),
      expect.objectContaining({ method: 'POST', path: '/__paasim/faults', operation: 'control.faults.add', status: 201 }),
      expect.objectContaining({ path: '/v2/apps?page=1', operation: 'apps_list', status: 503, fault: 1, faultKind: 'status' }),
    ])
    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
  })
})

describe('paasim serve --ready-file and --log', () => {
  it('writes the ready JSON to a file (removed on exit) and logs requests as text', async () => {
    const file = temp.file('ready.json')
    const { child, out } = await startCli(['serve', '--port', '0', '--ready-file', file, '--log'], 'Press Ctrl-C')
    const ready = JSON.parse(readFileSync(file, 'utf8'))
    expect(out()).toContain(`paasim is serving a simulated world at ${ready.url}`)
    expect(out()).toContain('Requests are logged below')
    await fetch(`${ready.url}/apps`, { headers: { authorization: `Bearer ${ready.tokens[0]}` } })
    await expect.poll(out).toMatch(/\n\d{4}-\d\d-\d\dT[\d:.]+Z GET \/apps apps\.list 200 [\d.]+ms\n$/)
    child.kill('SIGINT')
    expect(await exited(child)).toBe(0)
    expect(existsSync(file)).toBe(false)
  })

  it('logs nothing when stdout is not a terminal, unless asked', async () => {
    const { child, out } = await startCli(['serve', '--port', '0', '--json'], '\n')
    const ready = JSON.parse(out())
    expect((await fetch(`${ready.url}/apps`, { headers: { authorization: `Bearer ${ready.tokens[0]}` } })).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(out().trim().split('\n')).toHaveLength(1)
    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
  })
})

describe('paasim serve --control', () => {
  it('prints the console address in the banner, and serves the console there', async () => {
    const { child, out } = await startCli(['serve', '--port', '0', '--control', '--clock', 'manual'], 'Press Ctrl-C')
    const url = /^ {2}console: (http:\/\/127\.0\.0\.1:\d+\/__paasim\/ui\/)$/m.exec(out())?.[1]
    expect(url).toBeDefined()
    const page = await fetch(url!)
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    expect(await page.text()).toContain('<title>paasim console</title>')
    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
  })
})
