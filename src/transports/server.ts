/** The standalone server: the simulation over HTTP(S) on loopback, with clean shutdown. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Simulation } from '../sim.js'
import { withControlRoutes } from '../http/control-routes.js'
import { dispatcher, PROVIDERS, refuser } from '../http/dispatch.js'
import { toExpress } from './express.js'
import { Turns } from './turns.js'
import { enableSyslogDrains } from './drain-syslog.js'
import { answerClientError, answerRaw, type ClientError } from './edges.js'
import { attachLiveLogSockets } from './websocket.js'

export { enableSyslogDrains, type SyslogDrainOptions } from './drain-syslog.js'
export { useServingHeap } from './heap.js'

/** Options of `sim.listen()`. */
export interface ListenOptions {
  /** Port (default 4010; 0 picks a free one). */
  port?: number
  /** Interface (default 127.0.0.1). */
  host?: string
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1/localhost, written to `certFile`. */
  tls?: boolean
  /** Where to write the certificate (PEM) with `tls`; default a new temporary folder, removed on `close()`. */
  certFile?: string
  /** Serve the `/__paasim/` control routes and the console at `/__paasim/ui/` (default: the sim's `control` option). */
  control?: boolean
}

/** A listening server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:4010` */
  url: string
  port: number
  host: string
  /** PEM certificate path with `tls` (for `NODE_EXTRA_CA_CERTS`). */
  certFile?: string
  /** PEM certificate text with `tls`. */
  cert?: string
  /** Ends every open stream and connection, then stops listening. */
  close(): Promise<void>
}

/** A self-signed certificate valid for `IP:127.0.0.1`, `IP:::1` and `DNS:localhost`. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  })
  return { key: pems.private, cert: pems.cert }
}

/** Serves a simulation until `close()`. */
export async function listen(sim: Simulation, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const secure = options.tls ?? false
  // one queue of stream turns per server: its chunked streams and WebSockets take turns together
  const turns = new Turns()
  const control = (options.control ?? sim.control) ? withControlRoutes((await import('../console/routes.js')).consoleRoutes) : undefined
  const answer = dispatcher(sim, PROVIDERS, control)
  const app = toExpress(answer, { secure, turns })
  enableSyslogDrains(sim) // the Node server delivers syslog drains too (in-process, only HTTP drains)
  let tls: { key: string; cert: string } | undefined
  let certFile: string | undefined
  /** The temporary folder made for the certificate, removed on close. */
  let certDir: string | undefined
  if (secure) {
    tls = await selfSignedCertificate()
    if (!options.certFile) certDir = await mkdtemp(join(tmpdir(), 'paasim-'))
    certFile = options.certFile ?? join(certDir!, 'paasim-cert.pem')
    await writeFile(certFile, tls.cert)
  }
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, app) : createHttpServer(app)
  const closeLiveSockets = attachLiveLogSockets(server, sim, answer, turns)
  // CONNECT is no proxy request here: the API that owns the target answers it (Node would drop the socket)
  server.on('connect', (req: IncomingMessage, socket: Socket) => answerRaw(answer, req, socket, (err) => sim.onError(err)))
  // requests the HTTP parser refuses get the owning API's error, not Node's bare 400
  const refuse = refuser(sim, PROVIDERS, control)
  const responses = new WeakMap<Socket, ServerResponse>()
  server.on('request', (req: IncomingMessage, res: ServerResponse) => responses.set(req.socket as Socket, res))
  server.on('clientError', (err: ClientError, socket: Socket) => answerClientError(refuse, err, socket, responses.get(socket)))
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    turns.accepted()
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // a deep accept queue: a thousand clients connecting at once must not have SYNs dropped and
    // retried a second or more later (Node's default backlog is 511)
    server.listen({ port: options.port ?? 4010, host, backlog: 4096 }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  let closing: Promise<void> | undefined
  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    host,
    certFile,
    cert: tls?.cert,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        closeLiveSockets()
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections?.()
      }).then(() => (certDir ? rm(certDir, { recursive: true, force: true }) : undefined))
      return closing
    },
  }
}
