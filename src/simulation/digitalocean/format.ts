/** The App Platform log line format shared by every log type. */
import { rfc3339Nano } from './shared.js'

/**
 * One App Platform log line: `<component> <RFC3339Nano UTC> <message>`, e.g.
 * `webapp 2024-05-29T20:14:14.996999111Z {"level":30,"msg":"listening"}` (no trailing newline).
 */
export function formatDoLine(component: string, ms: number, nanosWithinMs: number, message: string): string {
  return `${component} ${rfc3339Nano(ms, nanosWithinMs)} ${message}`
}

/** A rendered App Platform log line; `nanos` (0–999999) orders lines that share a millisecond. */
export interface DoLine {
  /** Epoch ms. */
  at: number
  nanos: number
  /** The full line, `<component> <RFC3339Nano> <message>`, without a newline. */
  text: string
}
