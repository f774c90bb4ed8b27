import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** The largest young generation (both semi-spaces, MB) a node process reaches while it allocates briskly for a second. */
async function youngGenerationPeak(env: Record<string, string> = {}): Promise<number> {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8'
    import { useServingHeap } from './src/transports/heap.ts'
    useServingHeap()
    const keep = []
    let peak = 0
    for (const until = performance.now() + 1000; performance.now() < until; ) {
      for (let i = 0; i < 20000; i++) keep.push({ i, s: 'x' + i })
      if (keep.length > 200000) keep.splice(0, 100000)
      peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)
      await new Promise((resolve) => setImmediate(resolve)) // a server yields; the policy acts after a scavenge
    }
    console.log(peak / 1048576)`
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env } })
  return Number(stdout.trim())
}

describe('useServingHeap', () => {
  it("holds the young generation at Node 20's size (Node 22 and 24 would let it reach 2×64 MB), unless node was told otherwise", async () => {
    expect(await youngGenerationPeak()).toBeLessThanOrEqual(64) // 32 MB, or one doubling before the check ran
    // a size of the user's own is kept: 2×32 MB is what they asked for
    expect(await youngGenerationPeak({ NODE_OPTIONS: '--max-semi-space-size=32' })).toBeGreaterThan(32)
  }, 30_000)
})
