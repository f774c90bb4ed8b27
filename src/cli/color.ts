/** Whether the CLI's output may carry ANSI colours: https://no-color.org and the terminal decide. */
import { stripVTControlCharacters } from 'node:util'

/** `NO_COLOR` (non-empty) says no, `FORCE_COLOR` (not `0`) says yes, else only a terminal that is not `dumb`. */
export function colorEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0'
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/** A line as it may be printed on `stream`: colour codes removed unless {@link colorEnabled}. */
export function forStream(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): (line: string) => string {
  return colorEnabled(stream, env) ? (line) => line : (line) => stripVTControlCharacters(line)
}
