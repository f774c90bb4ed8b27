/**
 * The contract side of each simulated API: its Pact names, its provider-state vocabulary and how
 * each state is set up in a simulation. Adding a provider is one module and one line in
 * {@link CONTRACT_PROVIDERS}; consumer tests, `npm test` verification and `paasim verify` pick it up.
 */
import type { SimOptions, Simulation } from '../sim.js'
import type { PactInteraction } from './types.js'

/** Values a state hands to requests (`fromProviderState('${app}')`), by name. */
export type StateValues = Record<string, string>

/** One provider state of the documented vocabulary. */
export interface StateSpec {
  /** As written in contracts, with `{placeholders}`: `an app {app} exists`. */
  name: string
  /** One sentence for `contracts/README.md`. */
  description: string
  /** Sets the state up in a simulation (after a reset); returns every placeholder's value. */
  setup(sim: Simulation, params: Record<string, unknown>): Promise<StateValues>
  /**
   * Set when a real server cannot have it (why). `paasim verify` skips it with this reason unless
   * every value is given with `--state` (as against a `paasim serve`).
   */
  simulatorOnly?: string
}

/** What a simulated API contributes to the contracts. */
export interface ContractProvider {
  /** `--provider` name: `akkeris`, `digitalocean`. */
  name: string
  /** Pact consumer name of the committed contract. */
  consumer: string
  /** Pact provider name of the committed contract (`akkeris-api`). */
  pactProvider: string
  /** File name under `contracts/` (`<consumer>-<pactProvider>.json`). */
  file: string
  /** Token the contracts carry; `paasim verify --token` replaces it against real servers. */
  contractToken: string
  /** The provider-state vocabulary. */
  states: StateSpec[]
  /** Options of the simulation interactions are verified against (reset before each one). */
  simOptions(): SimOptions
  /** True when replaying the interaction would change a real account (skipped without `--include-writes`). */
  isWrite(interaction: PactInteraction): boolean
}

/** Every provider with contracts; loaded lazily so `paasim verify --provider x` loads only x. */
export const CONTRACT_PROVIDERS: Record<string, () => Promise<ContractProvider>> = {
  akkeris: async () => (await import('./akkeris.js')).akkerisContract,
  digitalocean: async () => (await import('./digitalocean.js')).digitalOceanContract,
}

/** Names accepted by `--provider`. */
export function contractProviderNames(): string[] {
  return Object.keys(CONTRACT_PROVIDERS)
}

/** Loads a provider's contract module, or throws a usage error naming the known ones. */
export async function loadContractProvider(name: string): Promise<ContractProvider> {
  const load = CONTRACT_PROVIDERS[name]
  if (!load) throw new RangeError(`unknown provider ${JSON.stringify(name)} (known: ${contractProviderNames().join(', ')})`)
  return load()
}

/** The `{placeholders}` of a state name, in order. */
export function stateKeys(stateName: string): string[] {
  return [...stateName.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1])
}

/** The provider states of an interaction (V4 `providerStates` or V2 `providerState`). */
export function interactionStates(interaction: PactInteraction): Array<{ name: string; params: Record<string, unknown> }> {
  if (interaction.providerStates?.length) return interaction.providerStates.map((s) => ({ name: s.name, params: s.params ?? {} }))
  return interaction.providerState ? [{ name: interaction.providerState, params: {} }] : []
}

/** Why a state name is refused: it is not in the provider's vocabulary, which the message lists. */
export function unknownStateMessage(provider: ContractProvider, name: string): string {
  return `unknown provider state ${JSON.stringify(name)}; the ${provider.name} vocabulary is: ${provider.states.map((s) => JSON.stringify(s.name)).join(', ')}`
}

/**
 * Pact `stateHandlers` that set states up in `sim` and return their values. Names not in the
 * vocabulary (from `extraNames`, e.g. a user's pact) fail with a message naming the vocabulary.
 */
export function stateHandlers(provider: ContractProvider, sim: Simulation, extraNames: string[] = []): Record<string, (params?: unknown) => Promise<StateValues>> {
  const handlers: Record<string, (params?: unknown) => Promise<StateValues>> = {}
  for (const spec of provider.states) {
    handlers[spec.name] = async (params) => spec.setup(sim, params && typeof params === 'object' ? (params as Record<string, unknown>) : {})
  }
  for (const name of extraNames) {
    handlers[name] ??= async () => {
      throw new Error(unknownStateMessage(provider, name))
    }
  }
  return handlers
}
