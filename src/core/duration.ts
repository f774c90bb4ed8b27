/** Parsing of human and Go-style durations ("90s", "1h30m", "3m0s", "250ms") into milliseconds. */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y

/** Parses a duration such as `90s`, `1h30m`, `3m0s` or a number of milliseconds; returns `undefined` when malformed or too long to be a number. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined
  const text = input.trim()
  if (text === '') return undefined
  if (/^\d+$/.test(text)) return Number.isFinite(Number(text)) ? Number(text) : undefined
  PART.lastIndex = 0
  let total = 0
  let consumed = 0
  while (consumed < text.length) {
    PART.lastIndex = consumed
    const match = PART.exec(text)
    if (!match) return undefined
    total += Number(match[1]) * UNIT_MS[match[2]]
    consumed = PART.lastIndex
  }
  return Number.isFinite(total) ? total : undefined
}

/** Like {@link parseDuration} but throws a `RangeError` naming the bad input. */
export function toMillis(input: string | number): number {
  const ms = parseDuration(input)
  if (ms === undefined) throw new RangeError(`invalid duration: ${JSON.stringify(input)}`)
  return ms
}
