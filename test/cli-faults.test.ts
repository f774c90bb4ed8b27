/**
 * `paasim serve --faults FILE`: rules from a YAML or JSON file, in place before the first request,
 * met by a real client over HTTP; a bad file stops the server with exit code 2, naming the file,
 * the rule and the field. Its incidents start with the world.
 */
import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli, startCli } from './support/cli.js'
import { pollJson } from './support/poller.js'
import { tempFolder } from './support/temp.js'

const temp = tempFolder('paasim-cli-faults-')
const AUTH = { authorization: 'Bearer dashboard' }

const RULES_YAML = `# what the dashboard meets on its first requests
rules:
  - operationId: apps.list
    status: 503
    times: 1
  - operationId: apps_list
    kind: reset
    times: 1
  - operationId: builds.list
    kind: truncate
    bytes: 64
    times: 1
  - operationId: apps.get
    app: api-default
    latency: { median: 2s, spread: 0.4, max: 5s }
`

describe('paasim serve --faults', () => {
  it('serves with the rules of a YAML file in place: a poller meets a 503, a reset, a cut body and latency on the manual clock', async () => {
    writeFileSync(temp.file('faults.yaml'), RULES_YAML)
    const { out } = await startCli(['serve', '--port', '0', '--json', '--control', '--clock', 'manual', '--token', 'dashboard', '--faults', temp.file('faults.yaml')], '\n')
    const ready = JSON.parse(out().split('\n')[0]) as { url: string; controlUrl: string; digitaloceanUrl: string }
    const control = (path: string, body?: unknown) =>
      fetch(`${ready.controlUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    // the poller's backoff sleeps on the server's manual clock
    const sleep = async (ms: number) => void (await control('/clock', { advance: ms }))

    const apps = await pollJson(() => fetch(`${ready.url}/apps`, { headers: AUTH }), sleep)
    expect(apps.log).toEqual(['503', '200'])
    const doApps = await pollJson(() => fetch(`${ready.digitaloceanUrl}/apps`, { headers: AUTH }), sleep)
    expect(doApps.log).toEqual(['fetch failed (ECONNRESET)', '200'])
    const builds = await pollJson(() => fetch(`${ready.url}/apps/api-default/builds`, { headers: AUTH }), sleep)
    expect(builds.log).toEqual(['terminated (UND_ERR_SOCKET)', '200'])

    // a latency holds the answer until the clock passes it
    let answered = false
    const slow = fetch(`${ready.url}/apps/api-default`, { headers: AUTH }).then((res) => ((answered = true), res))
    await control('/clock')
    expect(answered).toBe(false)
    // the draw is at most 5 s: a few simulated seconds release it (the request may still be on its way at the first)
    for (let i = 0; i < 30 && !answered; i++) await control('/clock', { advance: '1s' })
    expect((await slow).status).toBe(200)
    expect((await fetch(`${ready.url}/apps/billing-prod`, { headers: AUTH })).status).toBe(200) // another app: no wait

    const journal = (await (await control('/journal')).json()) as Array<{ operationId: string; fault?: number; faultKind?: string }>
    expect(journal.filter((e) => e.fault).map((e) => [e.operationId, e.fault, e.faultKind])).toEqual([
      ['apps.list', 1, 'status'],
      ['apps_list', 2, 'reset'],
      ['builds.list', 3, 'truncate'],
      ['apps.get', 4, 'latency'],
    ])
  })

  it('starts the incidents of the file once the world is ready', async () => {
    writeFileSync(temp.file('incidents.json'), JSON.stringify({ incidents: [{ provider: 'akkeris', app: 'billing-prod', kind: 'failed-build' }] }))
    const { out } = await startCli(['serve', '--port', '0', '--json', '--clock', 'manual', '--token', 'dashboard', '--faults', temp.file('incidents.json')], '\n')
    const ready = JSON.parse(out().split('\n')[0]) as { url: string }
    const { createSim } = await import('../src/index.js')
    const seeded = createSim({ seed: 1 }) // the world serve builds without --seed
    await seeded.ready
    const builds = (await (await fetch(`${ready.url}/apps/billing-prod/builds`, { headers: AUTH })).json()) as Array<{ id: string }>
    expect(builds).toHaveLength(seeded.akkeris.builds('billing-prod').length + 1)
    seeded.dispose()
  })

  // one child process per case: under load each takes seconds
  it.each([
    ['bad-field.yaml', 'rules:\n  - operationId: apps.list\n    status: 503\n  - operationId: apps.get\n    kind: truncate\n', /--faults .*bad-field\.yaml: rules\[1\] \("apps\.get"\): a truncate fault needs bytes/],
    ['typo.json', '{"rules": [{"operationId": "apps.list", "status": 503, "probabilty": 0.5}]}', /typo\.json: rules\[0\] .*unknown fault rule field "probabilty"/],
    ['top.json', '{"rule": []}', /top\.json: unknown key "rule" \(the file takes "rules" and "incidents"\)/],
    ['incidents.yaml', 'rules: []\nincidents:\n  - provider: digitalocean\n    kind: crash\n', /incidents\.yaml: incidents\[0\]: not a valid incident: \$\.app: is required/],
    ['unknown-app.json', '{"incidents": [{"provider": "akkeris", "app": "nope-default", "kind": "failed-build"}]}', /unknown-app\.json: incidents\[0\]: app_not_found/],
    ['broken.json', '{"rules": [', /broken\.json: not valid JSON/],
    ['missing.yaml', null, /--faults .*missing\.yaml: cannot read it/],
  ])('refuses %s before listening, with exit code 2 and where in the file', (name, text, message) => {
    if (text !== null) writeFileSync(temp.file(name), text)
    const run = runCli(['serve', '--port', '0', '--faults', temp.file(name)])
    expect([run.code, run.out]).toEqual([2, ''])
    expect(run.err).toMatch(message)
  })
})
