/**
 * `paasim verify` as a function: find the contracts (files, a folder, the broker, or the ones this
 * package ships), replay them against a server or a fresh simulation, publish if asked, report.
 */
import { existsSync } from 'node:fs'
import { packageFile, packageVersion } from '../package-files.js'
import { fetchPactsForVerification, publishResults } from './broker.js'
import { pactFilesIn, readPactFile } from './pact-file.js'
import { contractProviderNames, loadContractProvider, type ContractProvider } from './providers.js'
import { ConnectionError, replayContract, stateValueKeys, type StateSource } from './replay.js'
import { buildReport } from './report.js'
import type { ContractResult, InteractionResult, PactFile, VerifyReport } from './types.js'

/** Everything `paasim verify` was asked to do. */
export interface VerifyOptions {
  provider?: string
  baseUrl?: string
  token?: string
  states: Record<string, string>
  pactFiles: string[]
  contractsDir?: string
  includeWrites: boolean
  /** The target is a `paasim serve --control`: set states up through its control routes. */
  setupStates?: boolean
  againstSim: boolean
  /** `paasim` (built-in replayer) or `pact` (Pact's verifier; `--against-sim` only). */
  engine: 'paasim' | 'pact'
  timeoutMs: number
  broker?: { url: string; token?: string; providerVersion?: string }
  /** Progress: a contract starts, an interaction ends. */
  onContract?(source: string, pact: PactFile): void
  onResult?(result: InteractionResult): void
  /** Each line of Pact's own report with `engine: 'pact'` (default: dropped). */
  onPactOutput?(line: string): void
}

/** A problem with the arguments or the environment (exit code 2). */
export class UsageError extends Error {}

/** The folder of contracts this package ships. */
export function shippedContractsDir(): string | undefined {
  return packageFile('contracts')
}

async function providerFor(options: VerifyOptions, pacts: PactFile[]): Promise<ContractProvider> {
  if (options.provider) return loadContractProvider(options.provider)
  for (const name of contractProviderNames()) {
    const provider = await loadContractProvider(name)
    if (pacts.length && pacts.every((p) => p.provider.name === provider.pactProvider)) return provider
  }
  const names = [...new Set(pacts.map((p) => p.provider.name))].join(', ')
  throw new UsageError(`cannot tell which API the pact's provider (${names || 'none'}) is: pass --provider ${contractProviderNames().join('|')}`)
}

async function loadSources(options: VerifyOptions, provider: ContractProvider | undefined): Promise<Array<{ source: string; pact: PactFile }>> {
  if (options.pactFiles.length) return Promise.all(options.pactFiles.map(async (f) => ({ source: f, pact: await readPactFile(f) })))
  if (!provider) throw new UsageError('give --provider NAME (its shipped contracts) or --pact FILE')
  if (options.contractsDir) {
    const files = await pactFilesIn(options.contractsDir, provider.pactProvider)
    if (!files.length) throw new UsageError(`no pact for provider ${provider.pactProvider} in ${options.contractsDir}`)
    return Promise.all(files.map(async (f) => ({ source: f, pact: await readPactFile(f) })))
  }
  if (options.broker) return fetchPactsForVerification({ url: options.broker.url, token: options.broker.token }, provider.pactProvider)
  const dir = shippedContractsDir()
  if (!dir || !existsSync(`${dir}/${provider.file}`)) throw new UsageError(`the shipped contract ${provider.file} is missing; pass --pact FILE or --contracts DIR`)
  const file = `${dir}/${provider.file}`
  return [{ source: file, pact: await readPactFile(file) }]
}

/**
 * Provider states set up by a `paasim serve --control` itself, through `POST /__paasim/provider-states`
 * (its world reset for each interaction, as against a fresh simulation).
 */
function controlStateSource(baseUrl: string, provider: string, timeoutMs: number): StateSource {
  const url = new URL('/__paasim/provider-states', baseUrl).href
  return {
    kind: 'setup',
    async setup(states) {
      let res: Response
      try {
        res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider, states }), signal: AbortSignal.timeout(timeoutMs) })
      } catch (err) {
        throw new ConnectionError(`cannot set provider states up at ${url}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`)
      }
      const body = (await res.json().catch(() => undefined)) as { values?: Record<string, string>; error?: string } | undefined
      if (res.status === 404) throw new ConnectionError(`${url} answered 404: --setup-states needs a paasim serve started with --control`)
      if (!res.ok || !body?.values) throw new Error(body?.error ?? `${url} answered ${res.status}`)
      return body.values
    },
  }
}

/** Runs the verification; usage problems throw {@link UsageError}, connection problems end up in `report.error`. */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  let provider = options.provider ? await loadContractProvider(options.provider).catch((err: Error) => Promise.reject(new UsageError(err.message))) : undefined
  const sources = await loadSources(options, provider).catch((err: Error) => Promise.reject(err instanceof UsageError ? err : new UsageError(err.message)))
  provider ??= await providerFor(options, sources.map((s) => s.pact))
  for (const { source, pact } of sources) {
    // a pact of another API paasim knows is a mistake; a provider name paasim does not know may be the team's own
    if (pact.provider.name === provider.pactProvider) continue
    for (const name of contractProviderNames()) {
      const other = await loadContractProvider(name)
      if (other.pactProvider === pact.provider.name) throw new UsageError(`${source} is a pact for ${pact.provider.name} (--provider ${other.name}), not for ${provider.pactProvider} (--provider ${provider.name})`)
    }
  }
  const target = options.againstSim ? 'a fresh simulation' : options.baseUrl!
  const used = new Set(sources.flatMap(({ pact }) => pact.interactions.flatMap(stateValueKeys)))
  const warnings = Object.keys(options.againstSim || options.setupStates ? {} : options.states)
    .filter((key) => !used.has(key))
    .map((key) => `--state ${key}=… is not a value any interaction takes (they take: ${[...used].sort().join(', ')})`)
  const results: ContractResult[] = []
  let error: string | undefined
  for (const { source, pact } of sources) {
    options.onContract?.(source, pact)
    try {
      if (options.againstSim) {
        const sim = await import('./against-sim.js')
        const tokens = options.token ? [options.token] : []
        if (options.engine === 'pact') {
          const result = await sim.verifyAgainstSimPactInChild(provider, pact, source, tokens, options.onPactOutput)
          result.interactions.forEach((r) => options.onResult?.(r))
          results.push(result)
        } else results.push(await sim.replayAgainstSim(provider, pact, source, options.onResult, tokens))
      } else {
        results.push(
          await replayContract(pact, source, {
            provider,
            baseUrl: options.baseUrl!,
            token: options.token,
            states: options.setupStates ? controlStateSource(options.baseUrl!, provider.name, options.timeoutMs) : { kind: 'values', values: options.states },
            // a simulator's account is the simulator's: writes change nothing real
            includeWrites: options.includeWrites || options.setupStates,
            timeoutMs: options.timeoutMs,
            onResult: options.onResult,
          }),
        )
      }
    } catch (err) {
      if (err instanceof ConnectionError || (err as Error).name === 'PactMissingError') {
        if (err instanceof ConnectionError && err.partial) results.push(err.partial)
        error = (err as Error).message
        break
      }
      throw err
    }
  }
  const replayed = results.reduce((n, r) => n + r.interactions.filter((i) => i.outcome !== 'skipped').length, 0)
  if (!error && results.length && replayed === 0) {
    // a nightly job that verifies nothing must not stay green
    error = 'every interaction was skipped, so nothing was verified: give the --state values (or flags) the skip lines ask for'
  }
  if (!error && options.broker?.providerVersion) {
    for (const [i, result] of results.entries()) {
      try {
        await publishResults({ url: options.broker.url, token: options.broker.token }, sources[i].pact, result, options.broker.providerVersion, packageVersion())
      } catch (err) {
        error = (err as Error).message
      }
    }
  }
  return buildReport(provider.name, target, results, error, warnings)
}
