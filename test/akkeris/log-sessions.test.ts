/** Log sessions: validation, the documented line formats, tailing on the clock, lifetimes and cancellation. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'
import { lineReader, settle } from '../support/streams.js'

/** The official CLI's parser for a log line. */
const CLI_LINE = /^([A-z0-9:\-+.]+Z) ([A-z\-0-9.]+) ([A-z.0-9/\[\]\-]+): /

describeTransports('Akkeris log sessions', (h) => {
  const open = async (body: unknown, path = '/apps/api-default/log-sessions') => {
    const res = await h.api(path, { body })
    expect(res.status).toBe(201)
    return res.json() as Promise<{ id: string; logplex_url: string; created_at: string; updated_at: string }>
  }

  it('validates lines in the documented order: lookup 404, then JSON 400, then 422', async () => {
    const cases: Array<[string, unknown, number, string | RegExp]> = [
      ['/apps/ghost-default/log-sessions', '{bad', 404, 'The specified application ghost-default does not exist.'],
      ['/sites/ghost.example.com/log-sessions', { lines: 0 }, 404, 'The specified site ghost.example.com does not exist.'],
      ['/apps/api-default/log-sessions', '{bad', 400, /^SyntaxError: /],
      ['/apps/api-default/log-sessions', '', 400, 'SyntaxError: Unexpected end of JSON input'],
      ['/apps/api-default/log-sessions', {}, 422, 'The specified lines was either not a number or less than 1.'],
      ['/apps/api-default/log-sessions', { lines: '10' }, 422, 'The specified lines was either not a number or less than 1.'],
      ['/apps/api-default/log-sessions', { lines: 0 }, 422, 'The specified lines was either not a number or less than 1.'],
      ['/apps/api-default/log-sessions', { lines: 2.5 }, 422, 'The specified lines was either not a number or less than 1.'],
      ['/apps/api-default/log-sessions', [1, 2], 422, 'The specified lines was either not a number or less than 1.'],
      ['/apps/api-default/log-sessions', { lines: 251 }, 422, 'The specified lines field was larger than allowed (250 is the maximum).'],
    ]
    for (const [path, body, status, message] of cases) {
      const res = await h.api(path, { body })
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const text = await res.text()
      if (typeof message === 'string') expect(text).toBe(message)
      else expect(text).toMatch(message)
    }
  })

  it('creates a session whose logplex_url streams the last N lines, then ends without tail', async () => {
    const session = await open({ lines: 25, tail: false })
    expect(Object.keys(session).sort()).toEqual(['created_at', 'id', 'logplex_url', 'updated_at'])
    expect(session.logplex_url).toBe(`${h.origin}/log-sessions/${session.id}`)
    const res = await h.fetch(session.logplex_url) // no credentials: the URL is the credential
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const lines = await lineReader(res).rest()
    expect(lines).toHaveLength(25)
    for (const line of lines) expect(line).toMatch(CLI_LINE)
    expect(lines.some((l) => / api-default app\[web\.[a-z0-9]+-[a-z0-9]{5}\]: /.test(l))).toBe(true)
    expect(lines.some((l) => / api-default akkeris\/router: bytes=\d+ method=[A-Z]+ request_id=[0-9a-f-]{36} fwd=\S+ origin=\S+ status=\d{3} service=\d+ms total=\d+ms source=\S+ dyno=web\.\S+ host=api-default path=\//.test(l))).toBe(true)
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /)
  })

  it('tails new lines as simulated time passes, including build and event lines', async () => {
    const session = await open({ lines: 1, tail: true })
    const controller = new AbortController()
    const reader = lineReader(await h.fetch(session.logplex_url, { signal: controller.signal }))
    const [first] = await reader.take(1)
    expect(first).toMatch(CLI_LINE)
    h.sim.clock.advance('3m') // the seeded running build of api-default finishes within this window
    const tailed = await reader.take(50)
    expect(tailed).toHaveLength(50)
    for (const line of tailed) expect(line).toMatch(CLI_LINE)
    const stamps = tailed.map((l) => Date.parse(l.slice(0, 20)))
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b))
    const end = Date.parse(h.sim.clock.iso()) - 1000
    const more = await reader.until((l) => Date.parse(l.slice(0, 20)) >= end)
    expect(more.some((l) => l.includes(' akkeris/build: '))).toBe(true)
    expect(more.some((l) => / akkeris\/event: (Slug compilation (finished|failed)|Restarting web)/.test(l))).toBe(true)
    controller.abort() // msw hands the client a tee of the body, so only the signal reaches the simulator
    await settle(50)
    expect(h.sim.clock.pending).toBe(0)
  })

  it('is single use and must be opened within 5 minutes', async () => {
    const used = await open({ lines: 1 })
    await lineReader(await h.fetch(used.logplex_url)).rest()
    const again = await h.fetch(used.logplex_url)
    expect(again.status).toBe(404)
    expect(await again.text()).toBe('')

    const late = await open({ lines: 1 })
    h.sim.clock.advance('5m1s')
    expect((await h.fetch(late.logplex_url)).status).toBe(404)
    expect((await h.fetch(`${h.origin}/log-sessions/00000000-0000-4000-8000-000000000000`)).status).toBe(404)
  })

  it('ends a tailing session after 30 minutes', async () => {
    const session = await open({ lines: 1, tail: true })
    const reader = lineReader(await h.fetch(session.logplex_url))
    await reader.take(1)
    h.sim.clock.advance('31m')
    const lines = await reader.rest()
    const last = Date.parse(lines.at(-1)!.slice(0, 20))
    expect(last).toBeLessThanOrEqual(Date.parse(session.created_at) + 30 * 60_000)
    expect(await reader.ended()).toBe(true)
  })

  it('ends after 60 s without lines (an app with no traffic)', async () => {
    await h.sim.akkeris.createApp({ name: 'quiet', space: 'default', formation: { web: 0 }, requestsPerMinute: 0 })
    const session = await open({ lines: 5, tail: true }, '/apps/quiet-default/log-sessions')
    const reader = lineReader(await h.fetch(session.logplex_url))
    await settle()
    h.sim.clock.advance('61s')
    expect(await reader.rest()).toEqual([])
    expect(await reader.ended()).toBe(true)
  })

  it('stops the stream and its clock waits when the client aborts', async () => {
    const session = await open({ lines: 1, tail: true })
    const controller = new AbortController()
    const res = await h.fetch(session.logplex_url, { signal: controller.signal })
    const reader = lineReader(res)
    await reader.take(1)
    const pendingRead = reader.take(1_000_000).catch(() => [])
    await settle()
    expect(h.sim.clock.pending).toBe(1)
    controller.abort()
    await settle(100)
    expect(h.sim.clock.pending).toBe(0)
    await pendingRead
  })

  it('streams router lines for a site with the site as host', async () => {
    const [site] = await (await h.api('/sites')).json()
    const session = await open({ lines: 10, tail: false }, `/sites/${site.domain}/log-sessions`)
    const lines = await lineReader(await h.fetch(session.logplex_url)).rest()
    expect(lines).toHaveLength(10)
    for (const line of lines) expect(line).toMatch(new RegExp(`^\\S+Z ${site.domain.replace(/\./g, '\\.')} akkeris/router: .* host=${site.domain.replace(/\./g, '\\.')} path=/`))
  })
})
