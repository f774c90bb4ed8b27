/**
 * The shared transport harness: each scenario runs on the three ways paasim is served —
 * `sim.fetch` (direct), msw `setupServer` with the real global `fetch`, and the Express server on
 * port 0 — and must answer byte for byte the same.
 */
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest'
import { createSim, type SimOptions, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { STRICT } from './msw.js'

export const TOKEN = 'test-token'
export const AUTH = { authorization: `Bearer ${TOKEN}` }

export type TransportName = 'direct' | 'msw' | 'express'
export const TRANSPORTS: TransportName[] = ['direct', 'msw', 'express']

/** What a scenario gets: the sim and a fetch bound to the transport's Akkeris origin. */
export interface Harness {
  transport: TransportName
  sim: Simulation
  /** Origin requests go to (`https://apps.akkeris.io` in-process, `http://127.0.0.1:PORT` standalone). */
  origin: string
  /** fetch(path or absolute URL) over this transport. */
  fetch(pathOrUrl: string, init?: RequestInit): Promise<Response>
  /** JSON request with auth to the Akkeris origin. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
  /** Origin of the DigitalOcean API on this transport (`https://api.digitalocean.com` in-process). */
  doOrigin: string
  /** JSON request with auth to the DigitalOcean origin. */
  doApi(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
}

/**
 * Declares `body` once per transport. A fresh sim (seed 42, manual clock, token `test-token`) is
 * created before each test; pass `options` to change it.
 */
export function describeTransports(title: string, body: (h: Harness) => void, options: SimOptions = {}): void {
  for (const transport of TRANSPORTS) {
    describe(`${title} [${transport}]`, () => {
      const h = { transport } as Harness
      let server: RunningServer | undefined
      const msw = transport === 'msw' ? setupServer() : undefined
      beforeAll(() => msw?.listen(STRICT))
      afterAll(() => msw?.close())
      beforeEach(async () => {
        h.sim = createSim({ seed: 42, tokens: [TOKEN], ...options })
        await h.sim.ready
        if (transport === 'express') {
          server = await h.sim.listen({ port: 0 })
          h.origin = server.url
          h.doOrigin = server.url
        } else {
          h.origin = 'https://apps.akkeris.io'
          h.doOrigin = 'https://api.digitalocean.com'
        }
        msw?.resetHandlers(...h.sim.handlers)
      })
      afterEach(async () => {
        h.sim.dispose()
        await server?.close()
        server = undefined
      })
      h.fetch = (pathOrUrl, init) => {
        const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : h.origin + pathOrUrl
        return transport === 'direct' ? h.sim.fetch(url, init) : fetch(url, init)
      }
      h.doApi = (path, init = {}) => h.api(h.doOrigin + path, init)
      h.api = (path, init = {}) =>
        h.fetch(path, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { ...AUTH, 'content-type': 'application/json', ...init.headers },
          body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
        })
      body(h)
    })
  }
}

/** Reads a response fully as text. */
export async function text(res: Response): Promise<string> {
  return res.text()
}
