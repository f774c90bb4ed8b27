/** Raw HTTP/1.1 over a socket, for requests fetch cannot make (absolute-form, `OPTIONS *`, CONNECT, odd Host values). */
import { connect } from 'node:net'

/** A parsed raw answer; `closedWithoutAnswer` when the server closed the socket before a status line. */
export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
  closedWithoutAnswer: boolean
}

/** Sends `head` (request line and headers, without the blank line) plus `body`, and reads the answer until the server closes. */
export function rawRequest(port: number, head: string, body = '', timeoutMs = 5000): Promise<RawAnswer> {
  return rawExchange(port, `${head}\r\nConnection: close\r\n\r\n${body}`, { timeoutMs })
}

/** How {@link rawExchange} sends and waits. */
export interface RawOptions {
  /** Give up (reject) when no answer has come by then (default 5 s). */
  timeoutMs?: number
  /** Half-close after sending (the client sends nothing more). */
  halfClose?: boolean
  /** Stop reading this long after the head arrived, rather than waiting for the server to close (streams). */
  settleMs?: number
}

/** Sends `bytes` exactly as given (latin1; malformed on purpose if need be) and reads the answer until the server closes. */
export function rawExchange(port: number, bytes: string, options: RawOptions = {}): Promise<RawAnswer> {
  const timeoutMs = options.timeoutMs ?? 5000
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    let settle: ReturnType<typeof setTimeout> | undefined
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(bytes.slice(0, 80).split('\r\n')[0])}`))
    }, timeoutMs)
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      data += chunk
      if (options.settleMs !== undefined && !settle && data.includes('\r\n\r\n')) settle = setTimeout(() => socket.destroy(), options.settleMs)
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      clearTimeout(settle)
      const end = data.indexOf('\r\n\r\n')
      const lines = data.slice(0, end < 0 ? undefined : end).split('\r\n')
      const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')
      const headers: Record<string, string> = {}
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':')
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      resolve({ status: status ? Number(status[1]) : 0, headers, body: end < 0 ? '' : data.slice(end + 4), closedWithoutAnswer: !status })
    })
    socket.write(bytes, 'latin1')
    if (options.halfClose) socket.end()
  })
}
