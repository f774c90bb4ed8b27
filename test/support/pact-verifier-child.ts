/** Child process of {@link pactVerifierAgainst}: Pact's verifier against a server the test runs, its report printed here (and captured by the test). */
import { loadPactVerifier } from '../../src/contracts/against-sim.js'
import { serveChildJob } from '../../src/contracts/child-process.js'
import { loadContractProvider } from '../../src/contracts/providers.js'
import type { PactVerifierJob } from './pact.js'

serveChildJob(async (job: PactVerifierJob) => {
  const [Verifier, provider] = await Promise.all([loadPactVerifier(), loadContractProvider(job.provider)])
  return new Verifier({
    providerBaseUrl: job.baseUrl,
    pactUrls: [job.pactFile],
    // every state answers with the values the test named (as --state does for paasim verify)
    stateHandlers: Object.fromEntries(provider.states.map((s) => [s.name, async () => job.stateValues])),
    requestFilter: (req, _res, next) => {
      if (req.headers.authorization === `Bearer ${provider.contractToken}`) req.headers.authorization = `Bearer ${job.token}`
      next()
    },
    logLevel: 'error',
  })
    .verifyProvider()
    .then(
      () => '{}',
      (err: Error) => err.message,
    )
})
