/** Child process of {@link verifyAgainstSimPactInChild}: Pact's verifier against a fresh simulation, its report printed here. */
import { serveChildJob } from './child-process.js'
import type { PactFile } from './types.js'

serveChildJob(async (job: { provider: string; pact: PactFile; source: string; tokens: string[] }) => {
  const [{ loadContractProvider }, { verifyAgainstSimPact }] = await Promise.all([import('./providers.js'), import('./against-sim.js')])
  return verifyAgainstSimPact(await loadContractProvider(job.provider), job.pact, job.source, job.tokens)
})
