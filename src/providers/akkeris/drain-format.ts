/**
 * How logshuttle frames an Akkeris line for a drain: one RFC 5424 message per line
 * (`<PRI>1 TIMESTAMP HOSTNAME APP-NAME - - - MSG`), newline-framed over TCP/TLS, one datagram over
 * UDP, and logplex batches (`<N> <message>\n`, N counting the newline) over HTTP(S). Bytes, not
 * characters: the cuts and the lengths are in UTF-8 bytes, as Go counts them.
 * @see ../../../../shared/reference/akkeris.md#how-drained-lines-are-delivered-logshuttle
 */
import { utf8Encode } from '../../core/bytes.js'

/** Longest message, header included, per transport (bytes). */
export const DRAIN_LIMITS = { tcp: 99_990, udp: 1_024, http: 4_096 } as const

/** A log-session line: `<ts> <host> <source>: <text>`. */
const LINE = /^(\S+) (\S+) (\S+?): ([\s\S]*)$/

/**
 * The RFC 5424 message of one log-session line, or `undefined` for a line of another shape.
 * App output (`app[web.x]`) keeps its own trailing newline as a trailing space; platform lines
 * (`akkeris/router`, `akkeris/build`, `akkeris/event`) carry their source as APP-NAME.
 */
export function syslogMessage(line: string): string | undefined {
  const m = LINE.exec(line)
  if (!m) return undefined
  const [, ts, host, source, text] = m
  const app = source.startsWith('app[') && source.endsWith(']')
  const appName = app ? source.slice(4, -1) : source
  const msg = (app ? text + '\n' : text).replace(/[\n\r\0]/g, ' ')
  return `<14>1 ${ts} ${host} ${appName} - - - ${msg}`
}

/** The message's UTF-8 bytes, cut at `limit`. */
export function messageBytes(message: string, limit: number): Uint8Array {
  const bytes = utf8Encode(message)
  return bytes.length > limit ? bytes.subarray(0, limit) : bytes
}

/** A TCP/TLS frame: the message (cut at 99,990 bytes) and a newline. */
export function tcpFrame(message: string): Uint8Array {
  const bytes = messageBytes(message, DRAIN_LIMITS.tcp)
  const out = new Uint8Array(bytes.length + 1)
  out.set(bytes)
  out[bytes.length] = 0x0a
  return out
}

/** The body of one logplex batch: each message cut at 4,096 bytes and framed `<N> <message>\n`. */
export function logplexBody(messages: readonly string[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = []
  let size = 0
  for (const message of messages) {
    const bytes = messageBytes(message, DRAIN_LIMITS.http)
    const prefix = utf8Encode(`${bytes.length + 1} `)
    parts.push(prefix, bytes, NEWLINE)
    size += prefix.length + bytes.length + 1
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    body.set(part, at)
    at += part.length
  }
  return body
}

const NEWLINE = new Uint8Array([0x0a])
