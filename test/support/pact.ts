/** Pact's own verifier against a server a test runs, in a child process so its report (deliberate failures included) stays out of the test output. */
import { runInChild } from '../../src/contracts/child-process.js'

/** What the child verifies: a pact file against `baseUrl`, states answered with `stateValues`, the contract's token swapped for `token`. */
export interface PactVerifierJob {
  provider: string
  baseUrl: string
  pactFile: string
  stateValues: Record<string, string>
  token: string
}

/** Runs Pact's verifier; resolves with its JSON results (as `fromPactVerifierJson` reads them) and the report it printed. */
export async function pactVerifierAgainst(job: PactVerifierJob): Promise<{ raw: string; output: string[] }> {
  const output: string[] = []
  const raw = await runInChild<string>(new URL('./pact-verifier-child.ts', import.meta.url), job, (line) => output.push(line))
  return { raw, output }
}
