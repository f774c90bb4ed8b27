/** Control routes: only deliberate JSON requests from no other origin change the world, and faults never reach them. */
import { describe, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from '../../src/index.js'

const DO = 'https://api.digitalocean.com'
const JSON_TYPE = { 'content-type': 'application/json' }

describe('control routes', () => {
  it('refuse a text/plain or form POST and a foreign Origin (a web page cannot drive them)', async () => {
    const sim = createSim({ control: true })
    const rule = JSON.stringify({ operationId: 'apps_list', status: 503 })
    const plain = await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: rule })
    expect(plain.status).toBe(415)
    expect((await plain.json()).error).toMatch(/content-type: application\/json/)
    expect((await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).status).toBe(415)
    const foreign = await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: { ...JSON_TYPE, origin: 'https://evil.example' }, body: rule })
    expect(foreign.status).toBe(403)
    expect((await sim.fetch(`${DO}/__paasim/faults`, { method: 'DELETE', headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect(sim.faults.list()).toEqual([])
    // the same origin, or none (curl, scripts), is welcome
    expect((await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: { ...JSON_TYPE, origin: DO }, body: rule })).status).toBe(201)
    expect((await sim.fetch(`${DO}/__paasim/faults`, { method: 'POST', headers: JSON_TYPE, body: rule })).status).toBe(201)
    expect(sim.faults.list()).toHaveLength(2)
  })

  it('are never hit by fault rules, so a rule on every operation can be removed', async () => {
    const sim = createSim({ control: true })
    await sim.ready
    sim.faults.add({ operationId: '*', status: 503 })
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })).status).toBe(503)
    expect((await sim.fetch(`${DO}/__paasim`)).status).toBe(200)
    expect((await sim.fetch(`${DO}/__paasim/faults`, { method: 'DELETE' })).status).toBe(200)
    expect((await sim.fetch(`${DO}/v2/apps`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } })).status).toBe(200)
  })
})

describe('paasim serve --host', () => {
  it('takes a non-loopback interface only with an explicit token', async () => {
    const { parseServeArgs, isLoopback } = await import('../../src/cli/serve.js')
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/give your own --token/)
    expect(parseServeArgs(['--host', '0.0.0.0', '--token', 'secret-1'])).toMatchObject({ host: '0.0.0.0', tokens: ['secret-1'] })
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '::', '192.168.1.2', '127.0.0.1.evil.example'].some(isLoopback)).toBe(false)
  })
})
