/**
 * Pact Broker (or PactFlow) use by `paasim verify`: fetching the pacts to verify for a provider and
 * publishing the verification results back, over the broker's HAL API.
 * @see https://docs.pact.io/pact_broker/advanced_topics/provider_verification_results
 */
import { parsePact } from './pact-file.js'
import type { ContractResult, PactFile } from './types.js'

/** Where the broker is and how to authenticate. */
export interface BrokerOptions {
  url: string
  token?: string
}

function headers(options: BrokerOptions, json = false): Record<string, string> {
  return {
    accept: 'application/hal+json, application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(json ? { 'content-type': 'application/json' } : {}),
  }
}

async function call(options: BrokerOptions, url: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(url, { method: init.method ?? 'GET', headers: headers(options, init.body !== undefined), body: init.body === undefined ? undefined : JSON.stringify(init.body) })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    throw new Error(`cannot reach the Pact Broker at ${url}: ${cause?.code ?? (err as Error).message}`)
  }
  const text = await res.text()
  if (!res.ok) throw new Error(`the Pact Broker answered ${res.status} to ${init.method ?? 'GET'} ${url}: ${text.slice(0, 200)}`)
  return text ? JSON.parse(text) : {}
}

function link(doc: unknown, rel: string): string | undefined {
  const l = (doc as { _links?: Record<string, { href?: string } | undefined> })?._links?.[rel]
  return l?.href
}

/** The pacts the broker wants `pactProvider` verified against (main branches and deployed or released versions). */
export async function fetchPactsForVerification(options: BrokerOptions, pactProvider: string): Promise<Array<{ source: string; pact: PactFile }>> {
  const base = options.url.replace(/\/+$/, '')
  const index = await call(options, `${base}/`)
  const template = link(index, 'pb:provider-pacts-for-verification') ?? `${base}/pacts/provider/{provider}/for-verification`
  const forVerification = template.replace('{provider}', encodeURIComponent(pactProvider))
  const list = (await call(options, forVerification, {
    method: 'POST',
    body: { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }], includePendingStatus: false },
  })) as { _embedded?: { pacts?: Array<{ _links?: { self?: { href?: string } } }> } }
  const out: Array<{ source: string; pact: PactFile }> = []
  for (const entry of list._embedded?.pacts ?? []) {
    const href = entry._links?.self?.href
    if (!href) continue
    out.push({ source: href, pact: parsePact(JSON.stringify(await call(options, href)), href) })
  }
  return out
}

/** Publishes one contract's results for `providerVersion`; throws when the pact has no publication link. */
export async function publishResults(options: BrokerOptions, pact: PactFile, result: ContractResult, providerVersion: string, verifierVersion: string): Promise<void> {
  const href = link(pact, 'pb:publish-verification-results')
  if (!href) throw new Error(`${result.source} did not come from the broker (no pb:publish-verification-results link), so its results cannot be published`)
  const ran = result.interactions.filter((i) => i.outcome !== 'skipped')
  const byDescription = new Map(pact.interactions.map((i) => [i.description, i as { _id?: string; key?: string }]))
  await call(options, href, {
    method: 'POST',
    body: {
      success: ran.every((i) => i.outcome === 'passed'),
      providerApplicationVersion: providerVersion,
      verifiedBy: { implementation: 'paasim verify', version: verifierVersion },
      testResults: ran.map((i) => ({
        interactionId: byDescription.get(i.description)?._id ?? byDescription.get(i.description)?.key,
        interactionDescription: i.description,
        success: i.outcome === 'passed',
        mismatches: i.mismatches.map((m) => ({ attribute: m.kind, identifier: m.path, description: m.message, expected: m.expected, actual: m.actual })),
      })),
    },
  })
}
