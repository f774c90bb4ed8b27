/** Builds on the simulation clock: queued → pending → succeeded/failed, with output appearing as time passes. */
import { expect, it } from 'vitest'
import { describeTransports } from '../support/transports.js'

describeTransports('Akkeris builds', (h) => {
  it('lists builds oldest first with the build shape and absolute output_stream_url on this origin', async () => {
    const builds = await (await h.api('/apps/api-default/builds')).json()
    expect(builds.length).toBeGreaterThan(3)
    const created = builds.map((b: { created_at: string }) => Date.parse(b.created_at))
    expect(created).toEqual([...created].sort((a, b) => a - b))
    const last = builds[builds.length - 1]
    expect(Object.keys(last).sort()).toEqual(['app', 'buildpacks', 'created_at', 'id', 'output_stream_url', 'release', 'slug', 'source_blob', 'status', 'updated_at', 'user'])
    expect(last.output_stream_url).toBe(`${h.origin}/apps/api-default/builds/${last.id}/result`)
    expect(last.source_blob).toMatchObject({ url: '', commit: expect.stringMatching(/^[0-9a-f]{40}$/) })
    expect(typeof last.slug.number).toBe('string')
    expect(last.user.email).toBe('')
    expect(last.buildpacks).toBeNull()
  })

  it('runs a build through queued, pending and succeeded with progressive output ending in Finished: SUCCESS', async () => {
    const created = await h.api('/apps/api-default/builds', { body: { sha: 'a'.repeat(40), branch: 'main' } })
    expect(created.status).toBe(201)
    const build = await created.json()
    expect(build.status).toBe('queued')
    expect(build.slug.number).toBe('0')
    const resultPath = `/apps/api-default/builds/${build.id}/result`
    const queued = await (await h.api(resultPath)).json()
    expect(queued).toEqual({ build: { id: build.id, status: 'queued', output_stream_url: build.output_stream_url }, lines: [] })

    h.sim.clock.advance('15s')
    const running = await (await h.api(resultPath)).json()
    expect(running.build.status).toBe('pending')
    expect(running.lines[0]).toBe(`Generating build for api-default build uuid ${build.id}`)
    expect(running.lines[1]).toMatch(/^Getting source code for .+\/main SHA a{40}\.\.\.$/)

    let seen = running.lines.length
    let status = 'pending'
    for (let i = 0; i < 40 && status === 'pending'; i++) {
      h.sim.clock.advance('5s')
      const r = await (await h.api(resultPath)).json()
      expect(r.lines.length).toBeGreaterThanOrEqual(seen)
      seen = r.lines.length
      status = r.build.status
      if (status !== 'pending') expect(r.lines.at(-1)).toBe(status === 'succeeded' ? 'Finished: SUCCESS' : 'Finished: FAILURE')
    }
    expect(['succeeded', 'failed']).toContain(status)
    const lines: string[] = (await (await h.api(resultPath)).json()).lines
    for (const stripped of [/^Step \d+ : /, /^ ---> /, /^\+ /, /^tar: /, /^gzip: /, /^Sending build context/]) {
      expect(lines.some((l) => stripped.test(l))).toBe(false)
    }
  })

  it('ends a failing build with a realistic error and Finished: FAILURE', async () => {
    const build = await h.sim.akkeris.createBuild('billing-prod', { outcome: 'failure' })
    h.sim.clock.advance('10m')
    const r = await (await h.api(`/apps/billing-prod/builds/${build.id}/result`)).json()
    expect(r.build.status).toBe('failed')
    expect(r.lines.at(-1)).toBe('Finished: FAILURE')
    expect(r.lines.join('\n')).toMatch(/error|ERR|failed|FAIL/i)
    const got = await (await h.api(`/apps/billing-prod/builds/${build.id}`)).json()
    expect(got.status).toBe('failed')
  })

  it('checks the build id before the app: 422 for a bad uuid even on an unknown app', async () => {
    for (const path of ['/apps/nope-nowhere/builds/not-a-uuid', '/apps/api-default/builds/not-a-uuid/result']) {
      const res = await h.api(path)
      expect(res.status).toBe(422)
      expect(await res.text()).toBe('The specified uuid was invalid.')
    }
    const id = '3f1c4b7e-2f0a-4c59-9d43-6f1b2a7c8e90'
    const unknownApp = await h.api(`/apps/nope-nowhere/builds/${id}`)
    expect(unknownApp.status).toBe(404)
    expect(await unknownApp.text()).toBe('The specified application nope-nowhere does not exist.')
    const unknownBuild = await h.api(`/apps/api-default/builds/${id}`)
    expect(unknownBuild.status).toBe(404)
    expect(await unknownBuild.text()).toBe(`The specified build ${id} was not found.`)
  })

  it('answers a malformed JSON body with the parser message as a 400', async () => {
    const res = await h.api('/apps/api-default/builds', { body: '{"sha": ' })
    expect(res.status).toBe(400)
    expect(res.headers.get('ratelimit-remaining')).toBe('2400')
    expect(await res.text()).toMatch(/^SyntaxError: /)
  })
})
