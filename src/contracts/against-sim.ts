/**
 * Verifying contracts against a fresh simulation on loopback, with the documented provider states
 * set up through the sim's own API: with Pact's verifier (loaded lazily) or paasim's replayer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tokenFromAuthorization } from '../http/tokens.js'
import { entryModule, runInChild } from './child-process.js'
import { createSim, type Simulation } from '../sim.js'
import { fromPactVerifierJson } from './pact-results.js'
import { headerValues, isHttpInteraction, readPactFile } from './pact-file.js'
import { interactionStates, stateHandlers, type ContractProvider } from './providers.js'
import { replayContract, type StateSource } from './replay.js'
import type { ContractResult, InteractionResult, PactFile } from './types.js'

/** Thrown when `@pact-foundation/pact` is not installed. */
export class PactMissingError extends Error {
  override name = 'PactMissingError'
}

/** Loads Pact's verifier, or explains how to install it. */
export async function loadPactVerifier(): Promise<typeof import('@pact-foundation/pact').Verifier> {
  try {
    process.env.PACT_DO_NOT_TRACK ??= 'true'
    return (await import('@pact-foundation/pact')).Verifier
  } catch (err) {
    throw new PactMissingError(`this needs @pact-foundation/pact (an optional peer dependency): npm install --save-dev @pact-foundation/pact@^16 (${(err as Error).message})`)
  }
}

/** Provider states set up in `sim` (reset first) through the vocabulary's handlers. */
export function simStateSource(provider: ContractProvider, sim: Simulation): StateSource {
  return {
    kind: 'setup',
    async setup(states) {
      await sim.reset()
      const handlers = stateHandlers(provider, sim, states.map((s) => s.name))
      const values: Record<string, string> = {}
      for (const state of states) Object.assign(values, await handlers[state.name](state.params))
      return values
    },
  }
}

/**
 * The tokens a user's pact sends where it expects to be let in: every literal `Authorization`
 * token of an interaction whose expected status is not 401. Tokens a state hands out
 * (`fromProviderState`) are left to the state, and a 401's token stays unknown to the simulator.
 */
export function pactTokens(pact: PactFile): string[] {
  const tokens = new Set<string>()
  for (const interaction of pact.interactions) {
    if (!isHttpInteraction(interaction) || interaction.response.status === 401) continue
    const generators = (interaction.request.generators as { header?: Record<string, unknown> } | undefined)?.header ?? {}
    if (Object.keys(generators).some((name) => name.toLowerCase() === 'authorization')) continue
    for (const value of headerValues(interaction.request, 'authorization') ?? []) {
      const token = tokenFromAuthorization(value)
      if (token) tokens.add(token)
    }
  }
  return [...tokens]
}

/** A fresh simulation that also accepts `tokens` (the ones a user's pact carries). */
async function withSim<T>(provider: ContractProvider, tokens: string[], run: (sim: Simulation, url: string) => Promise<T>): Promise<T> {
  const options = provider.simOptions()
  const sim = createSim({ ...options, tokens: [...(options.tokens ?? []), ...tokens] })
  await sim.ready
  const server = await sim.listen({ port: 0 })
  try {
    return await run(sim, server.url)
  } finally {
    sim.dispose()
    await server.close()
  }
}

/** paasim's replayer against a fresh simulation: every interaction runs, writes and simulator-only states included. */
export function replayAgainstSim(provider: ContractProvider, pact: PactFile, source: string, onResult?: (r: InteractionResult) => void, tokens: string[] = []): Promise<ContractResult> {
  return withSim(provider, [...tokens, ...pactTokens(pact)], (sim, url) =>
    replayContract(pact, source, { provider, baseUrl: url, token: provider.contractToken, states: simStateSource(provider, sim), includeWrites: true, onResult }),
  )
}

/** Pact's own verifier against a fresh simulation, reset around every interaction. Pact prints its own report to this process's stdout (see {@link verifyAgainstSimPactInChild}). */
export async function verifyAgainstSimPact(provider: ContractProvider, pact: PactFile, source: string, tokens: string[] = []): Promise<ContractResult> {
  const Verifier = await loadPactVerifier()
  const dir = await mkdtemp(join(tmpdir(), 'paasim-verify-'))
  const file = join(dir, 'pact.json')
  await writeFile(file, JSON.stringify(pact))
  const stateNames = [...new Set(pact.interactions.flatMap((i) => interactionStates(i).map((s) => s.name)))]
  try {
    return await withSim(provider, [...tokens, ...pactTokens(pact)], async (sim, url) => {
      const reset = async () => {
        await sim.reset()
      }
      let raw: string
      try {
        raw = await new Verifier({
          provider: pact.provider.name,
          providerBaseUrl: url,
          pactUrls: [file],
          stateHandlers: stateHandlers(provider, sim, stateNames) as never,
          beforeEach: reset,
          afterEach: reset,
          logLevel: 'error',
        }).verifyProvider()
      } catch (err) {
        raw = (err as Error).message
        if (!raw.trimStart().startsWith('{')) throw err
      }
      return fromPactVerifierJson(raw, pact, source)
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * {@link verifyAgainstSimPact} in a child process, so that Pact's own report (printed by native
 * code, in colour) reaches `onOutput` line by line instead of this process's stdout.
 */
export function verifyAgainstSimPactInChild(provider: ContractProvider, pact: PactFile, source: string, tokens: string[] = [], onOutput?: (line: string) => void): Promise<ContractResult> {
  return runInChild(entryModule(import.meta.url, 'contracts', 'pact-child'), { provider: provider.name, pact, source, tokens }, onOutput)
}

/** Pact's verifier against a fresh simulation for a pact file (in a child process; its report goes to `onOutput`, or nowhere). */
export async function verifyAgainstSim(provider: ContractProvider, pactFile: string, onOutput?: (line: string) => void): Promise<ContractResult> {
  return verifyAgainstSimPactInChild(provider, await readPactFile(pactFile), pactFile, [], onOutput)
}
