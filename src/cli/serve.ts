/** `paasim serve`: one simulated world over HTTP(S) on loopback until Ctrl-C. */
import { rm } from 'node:fs/promises'
import { statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ALL_SCOPES, DEFAULT_TOKEN, type TokenOption } from '../http/tokens.js'
import { createSim } from '../sim.js'
import { applyFaultsFile, readFaultsFile, type FaultsFile } from './faults-file.js'
import { banner, readyInfo, requestLogLine, writeReadyFile } from './serve-output.js'
import { useServingHeap } from '../transports/heap.js'
import type { ClockMode } from '../core/clock.js'
import type { RateLimitOptions } from '../faults/rate-limit.js'
import type { SecretsMode } from '../core/secrets.js'

const HELP = `usage: paasim serve [options]

Serves one simulated world (Akkeris at the root, DigitalOcean App Platform under /v2) on loopback
until Ctrl-C.

  --port N          port to listen on (default 4010; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1); other than loopback needs --token
  --token T         accepted API token; repeat for several (default: a printed dev token)
  --scoped-token T=SCOPES
                    a token with only these DigitalOcean scopes (comma-separated: app:read,
                    monitoring:read; none after "=" gives a token with no scope); repeatable
  --seed N          seed of the world (default 1); with it, log URLs and session ids are reproducible
                    (signed with a key derived from the seed), without it they are unguessable
  --fixture NAME    shipped fixture name or path to a fixture JSON file (default: seeded default world)
  --fixtures-dir D  a folder of <name>.json fixtures that --fixture and the control routes may load by name
  --faults FILE     fault rules and incidents to set up once the world is ready, from a JSON or YAML
                    file: {"rules": [{"operationId": "apps.list", "status": 503, "times": 1}, …],
                    "incidents": [{"provider": "akkeris", "app": "api-default", "kind": "crash",
                    "dyno": "web", "in": "5m"}, …]} (as POST /__paasim/faults and /incidents take
                    them; from/until and in count from the start). A refused one stops the server
                    before it listens, naming the file, rules[i] or incidents[i] and the field. A
                    reset removes the rules and the incidents' effects.
  --clock MODE      real (default), manual (moves only via the control routes) or scaled
  --speed N         simulated seconds per real second with --clock scaled (default 60)
  --now ISO         simulated start time (default: now, or 2026-01-01T00:00:00Z for manual)
  --tls             serve HTTPS with a self-signed certificate for 127.0.0.1/localhost
  --cert-file PATH  where to write that certificate (default: a new temporary folder)
  --control         serve the /__paasim/ control routes listed below, and the console (a page to
                    watch and drive the world) at /__paasim/ui/
  --rate-limit HOURLY[,BURST]
                    DigitalOcean requests per token per sliding hour and per minute (default
                    5000,250; BURST defaults to HOURLY/20); "off" refuses nothing and counts
                    nothing, for load tests
  --json            once listening, print one JSON line (url, host, port, tokens, scopedTokens,
                    certFile, controlUrl, consoleUrl, …) instead of the banner; --log lines are JSON too
  --ready-file PATH once listening, write that JSON to PATH (removed on exit)
  --log, --no-log   one line per request: simulated time, method, path, operation, status,
                    duration, fault rule (default: on when stdout is a terminal)
  -h, --help        show this help

Control routes (with --control; JSON bodies):
  GET    /__paasim                        seed, clock, fault rules
  POST   /__paasim/reset                  {seed?, fixture?}: back to the seeded start
  GET    /__paasim/clock
  POST   /__paasim/clock                  {advance: "90s"} or {set: ISO}; {speed: N}, {paused: bool}
                                          (real or scaled clocks)
  GET    /__paasim/clock/events           Server-Sent Events: the clock after every change
  GET    /__paasim/world[?history=5]      both providers' apps, builds, deployments, instances
                                          as of now (no rate-limit budget spent)
  GET    /__paasim/faults                 fault rules
  POST   /__paasim/faults                 {operationId, kind?, status?, latency?, bytes?, headers?,
                                          provider?, method?, app?, component?, token?, probability?,
                                          times?, after?, from?, until?, every?, for?}; kinds: status,
                                          latency, reset, empty, malformed, truncate (README: Faults)
  DELETE /__paasim/faults[/{id}]          remove every rule, or one
  GET    /__paasim/journal[?operationId=] the requests answered, oldest first
  DELETE /__paasim/journal
  GET    /__paasim/journal/events[?provider=&operationId=&backlog=N]
                                          Server-Sent Events: each request as it is answered
  GET    /__paasim/ui/                    the console page (its files under /__paasim/ui/)
  POST   /__paasim/provider-states        {provider, states: [{name, params}]}: reset, then set up
                                          contract states (what paasim verify --setup-states calls)
  POST   /__paasim/rate-limits/exhaust    {token}: use up a token's hourly DigitalOcean limit
  DELETE /__paasim/rate-limits            forget every rate-limit count
  GET    /__paasim/rate-limits            each token's scopes and DigitalOcean window (limit,
                                          remaining, reset)
  POST   /__paasim/incidents              {provider, app, kind, ...}: an incident, now or {in: "5m"}
                                          or {at: ISO}. Akkeris: build, failed-build, restart {dyno?},
                                          crash {dyno, loop?: {times, every}, cause?}. DigitalOcean:
                                          deployment, failed-build, failed-deploy {phase?, component?},
                                          crash {component, instance?, loop?, cause?}, autoscale
                                          {component, to}
  GET    /__paasim/fixtures               shipped fixture names
  POST   /__paasim/fixtures               {name} or a fixture object: load it

Exit codes: 0 stopped by Ctrl-C (SIGINT) or SIGTERM, 2 usage error, invalid fixture or faults file, or port in use.`

function fail(message: string): never {
  throw Object.assign(new Error(`paasim serve: ${message}\n\n${HELP}`), { exitCode: 2 })
}

/** Whether `host` is a loopback interface (only this machine can connect). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(`--${name} must be an integer from ${min} to ${max}`)
  return Number(value)
}

/** `TOKEN=app:read,monitoring:read` → the token with those scopes. */
function scopedToken(value: string): { token: string; scopes: string[] } {
  const eq = value.lastIndexOf('=')
  const token = eq < 0 ? '' : value.slice(0, eq)
  if (!token) fail(`--scoped-token takes TOKEN=SCOPES, got ${JSON.stringify(value)}`)
  const scopes = value.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = scopes.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s))
  if (unknown.length) fail(`--scoped-token: unknown scope ${unknown.join(', ')} (known: ${ALL_SCOPES.join(', ')})`)
  return { token, scopes }
}

/** Parses the flags of `paasim serve`; throws with usage on bad input. */
export function parseServeArgs(argv: string[]) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string', multiple: true },
        'scoped-token': { type: 'string', multiple: true },
        seed: { type: 'string' },
        fixture: { type: 'string' },
        'fixtures-dir': { type: 'string' },
        faults: { type: 'string' },
        clock: { type: 'string' },
        speed: { type: 'string' },
        now: { type: 'string' },
        tls: { type: 'boolean' },
        'cert-file': { type: 'string' },
        control: { type: 'boolean' },
        json: { type: 'boolean' },
        'ready-file': { type: 'string' },
        log: { type: 'boolean' },
        'no-log': { type: 'boolean' },
        'rate-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (err) {
    fail((err as Error).message)
  }
  const clock = (parsed.clock ?? 'real') as ClockMode
  if (!['real', 'manual', 'scaled'].includes(clock)) fail('--clock must be real, manual or scaled')
  const speed = parsed.speed === undefined ? undefined : Number(parsed.speed)
  if (speed !== undefined && !(speed > 0 && Number.isFinite(speed))) fail('--speed must be a positive number')
  if (speed !== undefined && clock !== 'scaled') fail('--speed needs --clock scaled')
  if (parsed.now !== undefined && !Number.isFinite(Date.parse(parsed.now))) fail('--now must be an ISO date')
  if (parsed.token?.some((t) => t === '')) fail('--token cannot be empty')
  if (parsed.log && parsed['no-log']) fail('give --log or --no-log, not both')
  if (parsed['ready-file'] === '') fail('--ready-file needs a path')
  if (parsed.faults === '') fail('--faults needs a path')
  if (parsed.host !== undefined && !isLoopback(parsed.host) && !parsed.token) fail(`--host ${parsed.host} is reachable from other machines: give your own --token (the default token is public)`)
  if (parsed['fixtures-dir'] !== undefined && !isDirectory(parsed['fixtures-dir'])) fail(`--fixtures-dir ${JSON.stringify(parsed['fixtures-dir'])} is not a folder`)
  const scoped = (parsed['scoped-token'] ?? []).map(scopedToken)
  // scoped tokens come beside the full ones (the default one if no --token is given)
  const tokens: TokenOption[] | undefined = parsed.token || scoped.length ? [...(parsed.token ?? [DEFAULT_TOKEN]), ...scoped] : undefined
  return {
    help: parsed.help ?? false,
    port: integer(parsed.port, 'port', 0, 65535) ?? 4010,
    host: parsed.host ?? '127.0.0.1',
    tokens,
    seed: integer(parsed.seed, 'seed', 0, Number.MAX_SAFE_INTEGER) ?? 1,
    // without an explicit seed, log URLs are signed with a random key and session ids are unguessable
    secrets: (parsed.seed === undefined ? 'random' : 'seeded') as SecretsMode,
    fixture: parsed.fixture,
    fixturesDir: parsed['fixtures-dir'],
    faults: parsed.faults,
    clock,
    speed,
    now: parsed.now,
    tls: parsed.tls ?? false,
    certFile: parsed['cert-file'],
    control: parsed.control ?? false,
    json: parsed.json ?? false,
    readyFile: parsed['ready-file'],
    /** `undefined`: decided by whether stdout is a terminal. */
    log: parsed.log ? true : parsed['no-log'] ? false : undefined,
    rateLimit: rateLimit(parsed['rate-limit']),
  }
}

/** The flags of `paasim serve`, parsed. */
export type ServeArgs = ReturnType<typeof parseServeArgs>

/** `--rate-limit HOURLY[,BURST]` or `off`. */
function rateLimit(value: string | undefined): RateLimitOptions | undefined {
  if (value === undefined) return undefined
  if (value === 'off') return { off: true }
  const match = /^(\d+)(?:,(\d+))?$/.exec(value)
  const hourly = Number(match?.[1])
  const burst = match?.[2] === undefined ? Math.max(1, Math.floor(hourly / 20)) : Number(match[2])
  if (!match || !Number.isSafeInteger(hourly) || !Number.isSafeInteger(burst) || hourly < 1 || burst < 1) fail(`--rate-limit takes HOURLY[,BURST] (positive integers) or off, got ${JSON.stringify(value)}`)
  return { hourly, burst }
}

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function serve(argv: string[], stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseServeArgs(argv)
  } catch (err) {
    console.error((err as Error).message)
    return 2
  }
  if (args.help) {
    console.log(HELP)
    return 0
  }
  let faults: FaultsFile | undefined
  try {
    faults = args.faults === undefined ? undefined : await readFaultsFile(args.faults)
  } catch (err) {
    console.error(`paasim serve: ${(err as Error).message}`)
    return 2
  }
  useServingHeap()
  if (!isLoopback(args.host)) console.error(`paasim serve: warning: listening on ${args.host}, not loopback: other machines can reach this simulator${args.control ? ' and its control routes' : ''}`)
  const sim = createSim({ seed: args.seed, clock: args.clock, speed: args.speed, now: args.now, tokens: args.tokens, world: args.fixture ?? 'default', fixturesDir: args.fixturesDir, control: args.control, rateLimit: args.rateLimit, secrets: args.secrets })
  try {
    await sim.ready
  } catch (err) {
    console.error(`paasim serve: ${(err as Error).message}`)
    return 2
  }
  try {
    if (faults) await applyFaultsFile(sim, faults)
  } catch (err) {
    console.error(`paasim serve: ${(err as Error).message}`)
    sim.dispose()
    return 2
  }
  let server
  try {
    server = await sim.listen({ port: args.port, host: args.host, tls: args.tls, certFile: args.certFile })
  } catch (err) {
    console.error(`paasim serve: cannot listen on ${args.host}:${args.port}: ${(err as Error).message}`)
    return 2
  }
  const ready = readyInfo(server, args)
  if (args.readyFile) {
    try {
      await writeReadyFile(args.readyFile, ready)
    } catch (err) {
      console.error(`paasim serve: cannot write --ready-file: ${(err as Error).message}`)
      sim.dispose()
      await server.close()
      return 2
    }
  }
  const print = (line: string) => stdout.write(`${line}\n`)
  // people watching a terminal see each request; scripts and tests reading a pipe get quiet output unless they ask
  const logging = args.log ?? stdout.isTTY === true
  print(args.json ? JSON.stringify(ready) : banner(ready, args, logging, sim.akkeris.apps()[0]?.key, sim.digitalocean.apps()[0]?.id))
  const unsubscribe = logging ? sim.journal.subscribe((entry, request) => print(requestLogLine(entry, request, args.json))) : () => {}
  return new Promise<number>((resolve) => {
    // a second Ctrl-C while closing changes nothing: closing destroys every socket at once, so it cannot hang
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      unsubscribe()
      console.error(`paasim: ${signal}, closing every stream`)
      sim.dispose()
      Promise.all([server.close(), args.readyFile ? rm(args.readyFile, { force: true }) : undefined]).then(() => {
        process.off('SIGINT', stop).off('SIGTERM', stop)
        resolve(0)
      })
    }
    process.on('SIGINT', stop).on('SIGTERM', stop)
  })
}
