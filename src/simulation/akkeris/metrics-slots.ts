/**
 * Single-dyno crashes in the Akkeris metrics: a type's memory and fs are averages over its dynos,
 * so a crashed dyno's process starts over on its own while the others keep their uptime.
 */
/** Crash instants (unix s, ascending) per dyno slot of a type, or undefined when it has none. */
export function crashSlots(crashes: ReadonlyArray<{ type: string; slot: number; at: number }> | undefined, type: string): Map<number, number[]> | undefined {
  const mine = crashes?.filter((c) => c.type === type && Number.isFinite(c.at))
  if (!mine?.length) return undefined
  const out = new Map<number, number[]>()
  for (const c of mine) out.set(c.slot, [...(out.get(c.slot) ?? []), Math.floor(c.at / 1000)].sort((a, b) => a - b))
  return out
}

/** Each dyno's process uptime at `t`: since the type's last restart, or its own crash if later. */
export function slotUptimes(slots: Map<number, number[]>, start: number, t: number, quantity: number): number[] {
  return Array.from({ length: quantity }, (_, i) => {
    let s = start
    for (const at of slots.get(i) ?? []) if (at <= t && at > s) s = at
    return t - s
  })
}

/** The mean of `f` over `values`. */
export function mean(values: number[], f: (v: number) => number): number {
  return values.reduce((sum, v) => sum + f(v), 0) / Math.max(1, values.length)
}
