/** `paasim serve` as a user runs it: flags, the printed banner, HTTPS with the printed certificate, Ctrl-C. */
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { describe, expect, it } from 'vitest'
import { parseServeArgs } from '../src/cli/serve.js'
import { DEFAULT_TOKEN } from '../src/index.js'
import { runCli, startCli } from './support/cli.js'

/** Starts the CLI and resolves with its output once the banner is printed. */
async function start(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  const { child, out } = await startCli(args, 'Press Ctrl-C')
  return { child, banner: out() }
}

function get(url: string, ca: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca }, (res) => {
      let data = ''
      res.on('data', (d) => (data += d))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('paasim serve', () => {
  it('parses every flag and rejects bad ones', () => {
    expect(parseServeArgs(['--port', '0', '--host', '::1', '--token', 'a', '--token', 'b', '--seed', '9', '--clock', 'scaled', '--speed', '120', '--tls', '--control'])).toMatchObject({
      port: 0,
      host: '::1',
      tokens: ['a', 'b'],
      seed: 9,
      clock: 'scaled',
      speed: 120,
      tls: true,
      control: true,
    })
    expect(parseServeArgs([])).toMatchObject({ port: 4010, host: '127.0.0.1', clock: 'real', tls: false, control: false })
    // scoped tokens join the full ones, or the default full token when no --token is given
    expect(parseServeArgs(['--scoped-token', 'ro=app:read', '--scoped-token', 'none='])).toMatchObject({
      tokens: [DEFAULT_TOKEN, { token: 'ro', scopes: ['app:read'] }, { token: 'none', scopes: [] }],
    })
    for (const bad of [['--scoped-token', 'app:read'], ['--scoped-token', 'ro=apps:write']]) expect(() => parseServeArgs(bad), bad.join(' ')).toThrow(/--scoped-token/)
    for (const bad of [['--port', '70000'], ['--port', 'x'], ['--clock', 'fast'], ['--speed', '2'], ['--bogus'], ['extra'], ['--now', 'yesterday']]) {
      expect(() => parseServeArgs(bad), bad.join(' ')).toThrow(/paasim serve: /)
    }
  })

  it('serves over TLS with a printed certificate, then closes open streams on SIGINT and exits 0', async () => {
    const { child, banner } = await start(['serve', '--port', '0', '--tls', '--token', 'cli-token', '--clock', 'scaled', '--speed', '30'])
    const url = /serving a simulated world at (https:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]
    const certFile = /certificate: (\S+)/.exec(banner)![1]
    expect(banner).toContain('token: cli-token')
    // the official CLI keeps only host:port of AKKERIS_API_HOST and prefixes https:// itself
    expect(banner).toContain(`export AKKERIS_API_HOST=${new URL(url).host} AKKERIS_AUTH_HOST=${new URL(url).host} API_TOKEN=cli-token NODE_EXTRA_CA_CERTS=${certFile}`)
    const ca = readFileSync(certFile, 'utf8')
    const auth = { authorization: 'Bearer cli-token', 'content-type': 'application/json' }
    const apps = await get(`${url}/apps`, ca, auth)
    expect(apps.status).toBe(200)
    expect(JSON.parse(apps.body)[0].name).toBe('api-default')
    const session = JSON.parse((await get(`${url}/apps/api-default/log-sessions`, ca, auth, 'POST', '{"lines":5,"tail":true}')).body)
    expect(session.logplex_url.startsWith(`${url}/log-sessions/`)).toBe(true)
    const streamEnded = new Promise<string>((resolve, reject) => {
      httpsRequest(session.logplex_url, { ca }, (res) => {
        let data = ''
        res.on('data', (d) => {
          data += d
          // Ctrl-C, pressed twice as impatient users do: the second one changes nothing
          if (data.split('\n').length > 5 && !child.killed) child.kill('SIGINT') && child.kill('SIGINT')
        })
        res.on('end', () => resolve(data))
        res.on('error', () => resolve(data))
        res.on('aborted', () => resolve(data))
      })
        .on('error', reject)
        .end()
    })
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const data = await streamEnded
    expect(data.split('\n').length).toBeGreaterThan(5)
    expect(await code).toBe(0)
    // the certificate lived in a temporary folder of its own, removed on exit
    expect(existsSync(certFile)).toBe(false)
  })

  it('gives DigitalOcean clients their 403 and 429 with --scoped-token and the rate-limit control routes', async () => {
    const { banner } = await start(['serve', '--port', '0', '--token', 'full', '--scoped-token', 'apps-only=app:read', '--control'])
    const url = /serving a simulated world at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]
    expect(banner).toContain('scoped token: apps-only (app:read)')
    const as = (token: string, path: string, init: RequestInit = {}) => fetch(url + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
    const app = (await (await as('apps-only', '/v2/apps')).json()).apps[0]
    const metrics = `/v2/monitoring/metrics/apps/cpu_percentage?app_id=${app.id}&start=1767225600&end=1767229200`
    const denied = await as('apps-only', metrics)
    expect([denied.status, (await denied.json()).id]).toEqual([403, 'forbidden'])
    expect((await as('full', metrics)).status).toBe(200)
    // use up the full token's hourly limit, then forget every count
    const exhausted = await fetch(`${url}/__paasim/rate-limits/exhaust`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'full' }) })
    expect(await exhausted.json()).toMatchObject({ allowed: false, remaining: 0 })
    const limited = await as('full', '/v2/apps')
    expect([limited.status, limited.headers.get('ratelimit-remaining'), (await limited.json()).message]).toEqual([429, '0', 'API Rate limit exceeded.'])
    expect((await fetch(`${url}/__paasim/rate-limits/exhaust`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400)
    expect((await fetch(`${url}/__paasim/rate-limits`, { method: 'DELETE' })).status).toBe(200)
    expect((await as('full', '/v2/apps')).status).toBe(200)
  })

  it('exits 2 with usage on bad flags', () => {
    const { code, err } = runCli(['serve', '--port', 'nope'])
    expect(code).toBe(2)
    expect(err).toContain('--port must be an integer')
  })
})
