/**
 * Syslog delivery of Akkeris log drains (Node only: TCP, TLS and UDP sockets). `syslog://` and
 * `syslog+tcp://` write newline-framed messages over TCP, `syslog+tls://` (and `ssh://`) the same
 * over TLS checked against the system roots, `syslog+udp://` one datagram per message. A message
 * that cannot be written is retried every 10 s of simulation time until the receiver takes it,
 * and the drain's pump waits meanwhile: nothing is dropped and nothing piles up in memory.
 * @see ../../../shared/reference/akkeris.md#how-drained-lines-are-delivered-logshuttle
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { connect as tcpConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { DRAIN_LIMITS, messageBytes, tcpFrame } from '../providers/akkeris/drain-format.js'
import type { Simulation } from '../sim.js'
import type { DrainSender, DrainStats, SenderContext, SenderFactory } from './drain-delivery.js'

/** Options of {@link enableSyslogDrains}. */
export interface SyslogDrainOptions {
  /** Extra trusted certificates (PEM) for `syslog+tls://` receivers; the system roots are always trusted. */
  ca?: string | string[]
  /** Real milliseconds a connection may take (default 4000, as logshuttle). */
  connectTimeoutMs?: number
}

/** Simulated time between two attempts to write a message that failed. */
const RETRY_MS = 10_000

const enabled = new WeakSet<Simulation>()

/** Lets the simulation deliver to syslog drains (the standalone server does this itself). */
export function enableSyslogDrains(sim: Simulation, options: SyslogDrainOptions = {}): void {
  if (enabled.has(sim)) return
  enabled.add(sim)
  sim.drains.use(syslogSenders(options))
}

/** The sender factory for the syslog schemes. */
export function syslogSenders(options: SyslogDrainOptions = {}): SenderFactory {
  return (url, context) => {
    switch (url.protocol) {
      case 'syslog:':
      case 'syslog+tcp:':
        return streamSender(url, context, false, options)
      case 'syslog+tls:':
      case 'ssh:':
        return streamSender(url, context, true, options)
      case 'syslog+udp:':
        return udpSender(url, context)
      default:
        return undefined
    }
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1')

function streamSender(url: URL, { clock, signal }: SenderContext, secure: boolean, options: SyslogDrainOptions): DrainSender {
  const host = hostOf(url)
  const port = Number(url.port || (secure ? 6514 : 514))
  const stats: DrainStats = { delivered: 0, dropped: 0, failures: 0 }
  let socket: Socket | undefined
  const forget = (s: Socket) => {
    if (socket === s) socket = undefined
  }
  const connect = () =>
    new Promise<Socket>((resolve, reject) => {
      const s = secure
        ? tlsConnect({ host, port, ca: options.ca, servername: isIp(host) ? undefined : host })
        : tcpConnect({ host, port })
      s.setTimeout(options.connectTimeoutMs ?? 4000)
      const fail = (err: unknown) => {
        s.destroy()
        forget(s)
        reject(err)
      }
      s.once('timeout', () => fail(new Error('connect timeout')))
      s.once('error', fail)
      s.once(secure ? 'secureConnect' : 'connect', () => {
        s.setTimeout(0)
        s.removeListener('error', fail)
        s.on('error', () => forget(s))
        s.once('close', () => forget(s))
        resolve(s)
      })
      const onAbort = () => s.destroy()
      signal.addEventListener('abort', onAbort, { once: true })
      s.once('close', () => signal.removeEventListener('abort', onAbort))
    })
  const write = (s: Socket, frame: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (s.destroyed) return reject(new Error('closed'))
      if (s.write(frame)) return resolve()
      const done = (err?: unknown) => {
        s.removeListener('drain', done)
        s.removeListener('close', done)
        if (err || s.destroyed) reject(err ?? new Error('closed'))
        else resolve()
      }
      s.once('drain', done)
      s.once('close', done)
    })
  return {
    stats,
    async send(message) {
      const frame = tcpFrame(message)
      while (!signal.aborted) {
        try {
          socket ??= await connect()
          await write(socket, frame)
          stats.delivered++
          return
        } catch {
          if (signal.aborted) return
          stats.failures++
          socket?.destroy()
          socket = undefined
          if (!(await clock.sleepUntil(clock.now() + RETRY_MS, signal))) return
        }
      }
    },
    close() {
      socket?.destroy()
      socket = undefined
    },
  }
}

function udpSender(url: URL, { signal }: SenderContext): DrainSender {
  const host = hostOf(url)
  const port = Number(url.port || 514)
  const stats: DrainStats = { delivered: 0, dropped: 0, failures: 0 }
  const socket: UdpSocket = createSocket(isIPv6(host) ? 'udp6' : 'udp4')
  socket.on('error', () => stats.failures++)
  signal.addEventListener('abort', () => socket.close(), { once: true })
  return {
    stats,
    send(message) {
      if (signal.aborted) return Promise.resolve()
      return new Promise<void>((resolve) => {
        socket.send(messageBytes(message, DRAIN_LIMITS.udp), port, host, (err) => {
          if (err) {
            stats.failures++
            stats.dropped++
          } else stats.delivered++
          resolve()
        })
      })
    },
    close() {
      // the abort listener closes the socket
    },
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}
