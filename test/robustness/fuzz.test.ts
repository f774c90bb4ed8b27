/**
 * The seeded mutation fuzzer over every contract interaction, on both transports: no 500, no hang,
 * no socket closed without an answer, every error in the owning API's format. `npm run fuzz` runs
 * 10,000+ requests per transport with the same checks (`scripts/fuzz.ts`).
 */
import { expect, it } from 'vitest'
import { fuzz } from '../support/fuzz.js'

for (const transport of ['in-process', 'standalone'] as const) {
  it(`answers 1,000 mutated contract requests ${transport} in the API's own format`, async () => {
    const report = await fuzz({ transport, requests: 1000, seed: 20260101 })
    expect(report.failures).toEqual([])
    expect({ requests: report.requests, serverErrors: report.serverErrors, hangs: report.hangs, silentCloses: report.silentCloses, wrongFormat: report.wrongFormat }).toEqual({
      requests: 1000,
      serverErrors: 0,
      hangs: 0,
      silentCloses: 0,
      wrongFormat: 0,
    })
    // the mutations reach past validation too: some requests still succeed
    expect(report.statuses[200]).toBeGreaterThan(50)
    // standalone, some go out malformed on the wire (the parser refuses them), of every kind
    if (transport === 'standalone') expect(Object.keys(report.wire).length).toBe(12)
  }, 60_000)
}
