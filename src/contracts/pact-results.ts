/** Pact's verifier JSON (`pactffi_verifier_json`) mapped onto paasim's report shape. */
import { interactionStates } from './providers.js'
import type { ContractResult, InteractionResult, Mismatch, PactFile } from './types.js'

interface PactJsonMismatch {
  type?: string
  path?: string
  key?: string
  expected?: unknown
  actual?: unknown
  mismatch?: string
}

interface PactVerifierJson {
  result?: boolean
  interactionResults?: Array<{ description: string; duration?: string; result: string }>
  errors?: Array<{ interaction: string; mismatch?: { type?: string; message?: string; mismatches?: PactJsonMismatch[] } }>
}

function toMismatch(m: PactJsonMismatch): Mismatch {
  const message = m.mismatch ?? `${m.type ?? 'mismatch'}`
  switch (m.type) {
    case 'StatusMismatch':
      return { kind: 'status', expected: m.expected, actual: m.actual, message }
    case 'HeaderMismatch':
      return { kind: 'header', path: m.key, expected: m.expected, actual: m.actual, message }
    case 'BodyMismatch':
      return { kind: 'body', path: m.path ?? '$', expected: m.expected, actual: m.actual, message }
    case 'BodyTypeMismatch':
      return { kind: 'body-type', expected: m.expected, actual: m.actual, message }
    default:
      return { kind: 'request', expected: m.expected, actual: m.actual, message }
  }
}

function durationMs(text: string | undefined): number {
  if (!text) return 0
  let ms = 0
  for (const [, n, unit] of text.matchAll(/([\d.]+)\s*(ms|s|m)\b/g)) ms += Number(n) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000)
  return Math.round(ms)
}

/** Parses the JSON Pact's verifier resolves or rejects with into per-interaction results. */
export function fromPactVerifierJson(raw: string, pact: PactFile, source: string): ContractResult {
  const json = JSON.parse(raw) as PactVerifierJson
  const byDescription = new Map(pact.interactions.map((i) => [i.description, i]))
  const descriptions = [...byDescription.keys()].sort((a, b) => b.length - a.length)
  const errors = new Map<string, Mismatch[]>()
  for (const error of json.errors ?? []) {
    const description = descriptions.find((d) => error.interaction.endsWith(` - ${d}`)) ?? error.interaction
    const list = errors.get(description) ?? []
    if (error.mismatch?.mismatches) list.push(...error.mismatch.mismatches.map(toMismatch))
    else list.push({ kind: /state/i.test(error.mismatch?.message ?? '') ? 'state' : 'request', message: error.mismatch?.message ?? 'verification error' })
    errors.set(description, list)
  }
  const interactions: InteractionResult[] = (json.interactionResults ?? []).map((r) => {
    const mismatches = errors.get(r.description) ?? []
    const interaction = byDescription.get(r.description)
    return {
      description: r.description,
      states: interaction ? interactionStates(interaction).map((s) => s.name) : [],
      outcome: r.result === 'OK' && mismatches.length === 0 ? 'passed' : 'failed',
      mismatches,
      notes: [],
      durationMs: durationMs(r.duration),
      request: interaction ? { method: interaction.request.method ?? 'GET', path: interaction.request.path ?? '/' } : undefined,
    }
  })
  return { source, consumer: pact.consumer.name, provider: pact.provider.name, interactions }
}
