/** Akkeris dyno sizes: the memory limit and CPU cores behind a formation's `size`. */

/** Bytes in a mebibyte. */
export const MI = 1024 * 1024

const SIZES: Record<string, [memoryMi: number, cpus: number]> = {
  scout: [256, 0.25],
  constellation: [512, 0.5],
  akira: [1024, 1],
  galaxy: [2048, 2],
  gp0: [256, 0.25],
  gp1: [512, 0.5],
  gp2: [1024, 1],
  gp3: [2048, 2],
  gp4: [4096, 4],
}
const DEFAULT_SIZE: [number, number] = [512, 0.5]
const UNITS: Record<string, number> = { ki: 1 / 1024, mi: 1, gi: 1024, k: 1 / 1024, m: 1, g: 1024 }

/** Memory limit (bytes) and CPU cores of a dyno size; see `MetricsFormation.size`. */
export function dynoSizeLimits(size: string): { memoryBytes: number; cpus: number } {
  const name = size.trim().toLowerCase().replace(/-(prod|dev)$/, '')
  let [mi, cpus] = SIZES[name] ?? DEFAULT_SIZE
  const match = /^(\d+(?:\.\d+)?)\s*(ki|mi|gi|k|m|g)b?$/.exec(name)
  if (match) {
    mi = Math.max(16, Number(match[1]) * UNITS[match[2]])
    cpus = Math.max(0.1, Math.round((mi / 1024) * 100) / 100)
  }
  return { memoryBytes: Math.round(mi * MI), cpus }
}
