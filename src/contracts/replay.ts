/**
 * paasim's own interaction replayer: sends each contract request to a server (real or simulated)
 * and compares the answer under the contract's matching rules, with reports that name each
 * difference by status, header or body path.
 */
import { performance } from 'node:perf_hooks'
import { compareBody, compareHeaders, compareStatus } from './compare-http.js'
import { UnsupportedRule } from './match.js'
import { expectedBody, isHttpInteraction, queryOf } from './pact-file.js'
import { interactionStates, stateKeys, type ContractProvider, type StateValues } from './providers.js'
import type { ContractResult, InteractionResult, Mismatch, PactFile, PactGenerator, PactInteraction } from './types.js'

/** Where provider-state values come from. */
export type StateSource =
  /** A real server: fixed values from `--state key=value`; states without them are skipped. */
  | { kind: 'values'; values: StateValues }
  /** A simulation: set each interaction's states up and return their values. */
  | { kind: 'setup'; setup(states: Array<{ name: string; params: Record<string, unknown> }>): Promise<StateValues> }

/** Options of {@link replayContract}. */
export interface ReplayOptions {
  provider: ContractProvider
  /** Origin (and optional base path) of the server under test. */
  baseUrl: string
  /** Replaces the provider's contract token in request headers. */
  token?: string
  states: StateSource
  /** Replay interactions that change a real account. */
  includeWrites?: boolean
  /** Per interaction, request and body together (default 10 s). */
  timeoutMs?: number
  /** Called after each interaction (progress output). */
  onResult?(result: InteractionResult): void
}

/** A network failure reaching the server (exit code 2 rather than a mismatch). */
export class ConnectionError extends Error {
  /** The contract's interactions that ran before the failure (set by {@link replayContract}). */
  partial?: ContractResult
}

const EXPRESSION = /\$\{([^}]+)\}/g

function expressionKeys(generators: Record<string, unknown> | undefined): string[] {
  const keys: string[] = []
  const visit = (g: unknown) => {
    if (!g || typeof g !== 'object') return
    const gen = g as PactGenerator
    if (gen.type === 'ProviderState' && typeof gen.expression === 'string') for (const m of gen.expression.matchAll(EXPRESSION)) keys.push(m[1].trim())
    else for (const v of Object.values(g)) visit(v)
  }
  visit(generators)
  return keys
}

/** Every provider-state value an interaction can take: its states' placeholders and its requests' `${…}` expressions. */
export function stateValueKeys(interaction: PactInteraction): string[] {
  return [...new Set([...interactionStates(interaction).flatMap((s) => stateKeys(s.name)), ...expressionKeys(interaction.request.generators)])]
}

/** Why an interaction cannot be replayed with these options, or undefined. */
export function skipReason(interaction: PactInteraction, options: Pick<ReplayOptions, 'provider' | 'states' | 'includeWrites'>): string | undefined {
  if (!isHttpInteraction(interaction)) return `not an HTTP interaction (${interaction.type})`
  const { method = 'GET', path = '/' } = interaction.request
  if (options.provider.isWrite(interaction) && !options.includeWrites) return `${method} ${path} would change the account; --include-writes replays it`
  if (options.states.kind !== 'values') return undefined
  const provided = options.states.values
  const missing = new Set<string>()
  let simulatorOnly: string | undefined
  for (const state of interactionStates(interaction)) {
    const spec = options.provider.states.find((s) => s.name === state.name)
    if (spec?.simulatorOnly) simulatorOnly ??= `state "${state.name}" exists only in the simulator: ${spec.simulatorOnly}`
    for (const key of stateKeys(state.name)) if (!(key in provided)) missing.add(key)
  }
  for (const key of expressionKeys(interaction.request.generators)) if (!(key in provided)) missing.add(key)
  if (missing.size === 0) return undefined
  const flags = [...missing].map((k) => `--state ${k}=<value>`).join(' ')
  // A simulator-only state still runs when its values are given (against a `paasim serve`, say).
  if (simulatorOnly) return `${simulatorOnly}; against a server that has it (such as paasim serve), ${flags} replays it`
  const states = interactionStates(interaction).map((s) => `"${s.name}"`).join(', ')
  return `needs ${flags}${states ? ` (state ${states})` : ''}`
}

function substitute(expression: string, values: StateValues): string {
  return expression.replace(EXPRESSION, (_, key: string) => {
    const value = values[key.trim()]
    if (value === undefined) throw new RangeError(`no value for \${${key}} (give --state ${key.trim()}=<value>)`)
    return value
  })
}

function generated(generators: unknown, name: string | undefined, values: StateValues): string | undefined {
  const gen = (name === undefined ? generators : (generators as Record<string, unknown> | undefined)?.[name]) as PactGenerator | undefined
  return gen?.type === 'ProviderState' && typeof gen.expression === 'string' ? substitute(gen.expression, values) : undefined
}

function setAt(doc: unknown, path: string, value: unknown): void {
  const keys = [...path.replace(/^\$\.?/, '').matchAll(/([^.[\]']+)|\['([^']+)'\]/g)].map((m) => m[1] ?? m[2])
  let node = doc as Record<string, unknown>
  for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown>
  if (node && typeof node === 'object' && keys.length) node[keys[keys.length - 1]] = value
}

/** The request an interaction describes, with provider-state values and the token filled in. */
export function buildRequest(interaction: PactInteraction, baseUrl: string, values: StateValues, provider: ContractProvider, token?: string): { url: string; init: RequestInit; method: string; path: string } {
  const req = interaction.request
  const gens = (req.generators ?? {}) as Record<string, unknown>
  const path = generated(gens.path, undefined, values) ?? req.path ?? '/'
  const url = new URL(baseUrl.replace(/\/+$/, '') + path)
  for (const [name, list] of queryOf(req)) {
    const value = generated(gens.query, name, values)
    for (const v of value !== undefined ? [value] : list) url.searchParams.append(name, v)
  }
  const headers = new Headers()
  for (const [name, raw] of Object.entries(req.headers ?? {})) {
    let value = generated(gens.header, name, values) ?? (Array.isArray(raw) ? raw.join(', ') : String(raw))
    if (token && value.includes(provider.contractToken)) value = value.split(provider.contractToken).join(token)
    headers.set(name, value)
  }
  const body = expectedBody(req)
  let payload: string | undefined = body.present ? body.text : undefined
  const bodyGens = gens.body as Record<string, unknown> | undefined
  if (body.json && bodyGens) {
    const doc = structuredClone(body.json.value)
    for (const key of Object.keys(bodyGens)) {
      const value = generated(bodyGens, key, values)
      if (value !== undefined) setAt(doc, key, value)
    }
    payload = JSON.stringify(doc)
  }
  const method = (req.method ?? 'GET').toUpperCase()
  return { url: url.toString(), init: { method, headers, body: payload, redirect: 'manual' }, method, path: url.pathname + url.search }
}

async function readText(res: Response, signal: AbortSignal, limit = 8 << 20): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  const onAbort = () => void reader.cancel().catch(() => {})
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (signal.aborted) throw new Error('aborted')
      if (done) return text + decoder.decode()
      size += value.byteLength
      if (size > limit) throw new RangeError(`the body is larger than ${limit} bytes`)
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/** Replays one interaction; never throws for mismatches, only for connection failures. */
export async function replayInteraction(interaction: PactInteraction, options: ReplayOptions): Promise<InteractionResult> {
  const states = interactionStates(interaction)
  const base: InteractionResult = { description: interaction.description, states: states.map((s) => s.name), outcome: 'passed', mismatches: [], notes: [], durationMs: 0 }
  const reason = skipReason(interaction, options)
  if (reason) return { ...base, outcome: 'skipped', reason }
  const started = performance.now()
  const done = (mismatches: Mismatch[], notes: string[] = [], request?: InteractionResult['request']): InteractionResult => ({
    ...base,
    outcome: mismatches.length ? 'failed' : 'passed',
    mismatches,
    notes,
    request,
    durationMs: Math.round(performance.now() - started),
  })
  let values: StateValues
  try {
    values = options.states.kind === 'values' ? options.states.values : await options.states.setup(states)
  } catch (err) {
    if (err instanceof ConnectionError) throw err
    return done([{ kind: 'state', message: `could not set up the provider state: ${(err as Error).message}` }])
  }
  let built
  try {
    built = buildRequest(interaction, options.baseUrl, values, options.provider, options.token)
  } catch (err) {
    return done([{ kind: 'request', message: (err as Error).message }])
  }
  const request = { method: built.method, path: built.path }
  const timeoutMs = options.timeoutMs ?? 10_000
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    let res: Response
    try {
      res = await fetch(built.url, { ...built.init, signal: controller.signal })
    } catch (err) {
      if (controller.signal.aborted) return done([{ kind: 'request', message: `no response within ${timeoutMs} ms` }], [], request)
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      const why = cause?.code ?? cause?.message ?? (err as Error).message
      const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(why) ? ' (a certificate Node does not trust: for paasim serve --tls, set NODE_EXTRA_CA_CERTS to its certificate file)' : ''
      throw new ConnectionError(`cannot reach ${built.url}: ${why}${hint}`)
    }
    let text: string
    try {
      text = await readText(res, controller.signal)
    } catch (err) {
      const why = controller.signal.aborted ? `the body did not end within ${timeoutMs} ms (a stream that should end did not)` : (err as Error).message
      return done([...compareStatus(interaction.response, res.status), { kind: 'body', path: '$', message: why }], [], request)
    }
    const actual = { status: res.status, headers: res.headers, text }
    try {
      const body = compareBody(interaction.response, actual)
      return done([...compareStatus(interaction.response, res.status), ...compareHeaders(interaction.response, res.headers), ...body.mismatches], body.notes, request)
    } catch (err) {
      if (err instanceof UnsupportedRule) return done([{ kind: 'unsupported', message: err.message }], [], request)
      throw err
    }
  } finally {
    clearTimeout(timer)
  }
}

/** Replays every interaction of a contract in order. */
export async function replayContract(pact: PactFile, source: string, options: ReplayOptions): Promise<ContractResult> {
  const interactions: InteractionResult[] = []
  const result = (): ContractResult => ({ source, consumer: pact.consumer.name, provider: pact.provider.name, interactions })
  for (const interaction of pact.interactions) {
    let outcome: InteractionResult
    try {
      outcome = await replayInteraction(interaction, options)
    } catch (err) {
      if (err instanceof ConnectionError) err.partial = result()
      throw err
    }
    interactions.push(outcome)
    options.onResult?.(outcome)
  }
  return result()
}
