/**
 * One DigitalOcean interaction as data: its states, request and expected response. The consumer
 * test then calls the mock server with the example values (the ones `fromProviderState` carries)
 * and checks what a client would rely on.
 */
import type { PactV4, Path, TemplateHeaders, TemplateQuery } from '@pact-foundation/pact'
import { expect } from 'vitest'
import { digitalOceanContract } from '../../../src/contracts/digitalocean.js'
import { call, M } from './consumer.js'

/** The token the contract's requests carry. */
export const TOKEN = digitalOceanContract.contractToken

/** What the consumer test got back from the mock server. */
export type Answer = Awaited<ReturnType<typeof call>>

/** An interaction of the DigitalOcean contract. */
export interface DoInteraction {
  /** Provider states with example parameters, in order. */
  states?: Array<[name: string, params: Record<string, string>]>
  description: string
  method?: 'GET' | 'POST'
  path: Path
  query?: TemplateQuery
  /** The `Authorization` header: `Bearer <contract token>` unless given; `null` sends none. */
  authorization?: string | ReturnType<typeof M.fromProviderState<string>> | null
  body?: unknown
  status: number
  headers: TemplateHeaders
  response: unknown
  /** What a client relies on in the answer (the status is always checked). */
  check?(answer: Answer): void
}

/** Paths under an app, the id taken from the provider state `app_id`. */
export function appPath(suffix = '', example = '4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf'): Path {
  return M.fromProviderState(`/v2/apps/\${app_id}${suffix}`, `/v2/apps/${example}${suffix}`)
}

/** Registers the interaction with `pact` and runs its consumer test. */
export function interaction(pact: PactV4, spec: DoInteraction): Promise<unknown> {
  let draft = pact.addInteraction()
  for (const [name, params] of spec.states ?? []) draft = draft.given(name, params)
  const method = spec.method ?? 'GET'
  const authorization = spec.authorization === undefined ? `Bearer ${TOKEN}` : spec.authorization
  const requestHeaders: TemplateHeaders = {}
  if (authorization !== null) requestHeaders.Authorization = authorization
  if (spec.body !== undefined) requestHeaders['Content-Type'] = 'application/json'
  return draft
    .uponReceiving(spec.description)
    .withRequest(method, spec.path, (b) => {
      b.headers(requestHeaders)
      if (spec.query) b.query(spec.query)
      if (spec.body !== undefined) b.jsonBody(spec.body)
    })
    .willRespondWith(spec.status, (b) => void b.headers(spec.headers).jsonBody(spec.response))
    .executeTest(async (ms) => {
      const query = spec.query ? `?${new URLSearchParams(M.reify(spec.query) as Record<string, string>)}` : ''
      const token = authorization === null ? null : String(M.reify(authorization)).replace(/^Bearer /, '')
      const body = spec.body === undefined ? undefined : M.reify(spec.body)
      const answer = await call(ms.url, method, `${M.reify(spec.path)}${query}`, { token, body })
      expect(answer.status, answer.text).toBe(spec.status)
      spec.check?.(answer)
    })
}
