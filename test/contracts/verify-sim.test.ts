/**
 * The simulator verified against every committed contract with Pact's own verifier: the Express
 * server on port 0, provider states set up through the sim's API. A change to the wire format
 * fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyAgainstSim } from '../../src/contracts/against-sim.js'
import { contractProviderNames, loadContractProvider } from '../../src/contracts/providers.js'

describe.each(contractProviderNames())('the simulator passes the committed %s contract', (name) => {
  it('passes every interaction with Pact\'s verifier', async () => {
    const provider = await loadContractProvider(name)
    const result = await verifyAgainstSim(provider, join('contracts', provider.file))
    const failures = result.interactions.filter((i) => i.outcome !== 'passed').map((i) => ({ description: i.description, mismatches: i.mismatches }))
    expect(failures).toEqual([])
    expect(result.interactions.length).toBeGreaterThan(20)
  }, 60_000)

  it('documents every state of its vocabulary and its contract file in contracts/README.md', async () => {
    const provider = await loadContractProvider(name)
    const readme = readFileSync('contracts/README.md', 'utf8')
    for (const state of provider.states) expect(readme, state.name).toContain(`\`${state.name}\``)
    expect(readme).toContain(`\`${provider.file}\``)
  })
})
