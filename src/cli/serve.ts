/** `paasim serve`: one simulated world over HTTP(S) on loopback until Ctrl-C. */
import { parseArgs } from 'node:util'
import { ALL_SCOPES, DEFAULT_TOKEN, type TokenOption } from '../http/tokens.js'
import { createSim } from '../sim.js'
import type { ClockMode } from '../core/clock.js'

const HELP = `usage: paasim serve [options]

  --port N          port to listen on (default 4010; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --token T         accepted API token; repeat for several (default: a printed dev token)
  --scoped-token T=SCOPES
                    a token with only these DigitalOcean scopes (comma-separated: app:read,
                    monitoring:read; none after "=" gives a token with no scope); repeatable
  --seed N          seed of the world (default 1)
  --fixture NAME    shipped fixture name or path to a fixture JSON file (default: seeded default world)
  --clock MODE      real (default), manual (moves only via the control routes) or scaled
  --speed N         simulated seconds per real second with --clock scaled (default 60)
  --now ISO         simulated start time (default: now, or 2026-01-01T00:00:00Z for manual)
  --tls             serve HTTPS with a self-signed certificate for 127.0.0.1/localhost
  --cert-file PATH  where to write that certificate (default: a new temporary folder)
  --control         serve the /__paasim/ control routes (reset, clock, faults, journal, fixtures)
  -h, --help        show this help`

function fail(message: string): never {
  throw Object.assign(new Error(`paasim serve: ${message}\n\n${HELP}`), { exitCode: 2 })
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
        clock: { type: 'string' },
        speed: { type: 'string' },
        now: { type: 'string' },
        tls: { type: 'boolean' },
        'cert-file': { type: 'string' },
        control: { type: 'boolean' },
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
  const scoped = (parsed['scoped-token'] ?? []).map(scopedToken)
  // scoped tokens come beside the full ones (the default one if no --token is given)
  const tokens: TokenOption[] | undefined = parsed.token || scoped.length ? [...(parsed.token ?? [DEFAULT_TOKEN]), ...scoped] : undefined
  return {
    help: parsed.help ?? false,
    port: integer(parsed.port, 'port', 0, 65535) ?? 4010,
    host: parsed.host ?? '127.0.0.1',
    tokens,
    seed: integer(parsed.seed, 'seed', 0, Number.MAX_SAFE_INTEGER) ?? 1,
    fixture: parsed.fixture,
    clock,
    speed,
    now: parsed.now,
    tls: parsed.tls ?? false,
    certFile: parsed['cert-file'],
    control: parsed.control ?? false,
  }
}

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function serve(argv: string[]): Promise<number> {
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
  const sim = createSim({ seed: args.seed, clock: args.clock, speed: args.speed, now: args.now, tokens: args.tokens, world: args.fixture ?? 'default', control: args.control })
  try {
    await sim.ready
  } catch (err) {
    console.error((err as Error).message)
    return 2
  }
  let server
  try {
    server = await sim.listen({ port: args.port, host: args.host, tls: args.tls, certFile: args.certFile })
  } catch (err) {
    console.error(`paasim serve: cannot listen on ${args.host}:${args.port}: ${(err as Error).message}`)
    return 2
  }
  const token = args.tokens?.find((t): t is string => typeof t === 'string') ?? DEFAULT_TOKEN
  console.log(banner(server.url, token, args, server.certFile, sim.akkeris.apps()[0]?.key, sim.digitalocean.apps()[0]?.id))
  return new Promise<number>((resolve) => {
    // a second Ctrl-C while closing changes nothing: closing destroys every socket at once, so it cannot hang
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      console.log(`\npaasim: ${signal}, closing every stream`)
      sim.dispose()
      server.close().then(() => {
        process.off('SIGINT', stop).off('SIGTERM', stop)
        resolve(0)
      })
    }
    process.on('SIGINT', stop).on('SIGTERM', stop)
  })
}

/**
 * How to point the official Akkeris CLI here. It keeps only the host of `AKKERIS_API_HOST` (a
 * scheme makes it drop the port too) and always speaks https, reads the token from `API_TOKEN`,
 * and asks for a profile interactively unless `AKKERIS_AUTH_HOST` is set as well.
 */
function akkerisCliHint(url: string, token: string, certFile: string | undefined, app: string): string[] {
  if (!certFile) return ['  (the official CLI, aka, speaks https only: start with --tls to use it)']
  const host = new URL(url).host
  return [`  export AKKERIS_API_HOST=${host} AKKERIS_AUTH_HOST=${host} API_TOKEN=${token} NODE_EXTRA_CA_CERTS=${certFile}`, `  aka apps; aka builds:output -a ${app} -t; aka logs -a ${app} -t`]
}

function banner(url: string, token: string, args: ReturnType<typeof parseServeArgs>, certFile: string | undefined, app = 'api-default', doApp = '<app id>'): string {
  const curl = `curl${certFile ? ` --cacert ${certFile}` : ''} -H "Authorization: Bearer ${token}"`
  return [
    `paasim is serving a simulated world at ${url}`,
    `  seed ${args.seed}, ${args.fixture ? `fixture ${args.fixture}` : 'default world'}, clock ${args.clock}${args.speed ? ` x${args.speed}` : ''}${args.control ? ', control routes at /__paasim' : ''}`,
    `  token: ${token}${token === DEFAULT_TOKEN ? ' (default; choose your own with --token)' : ''}`,
    ...(args.tokens ?? []).flatMap((t) => (typeof t === 'string' ? [] : [`  scoped token: ${t.token} (${t.scopes?.join(', ') || 'no scope'})`])),
    ...(certFile ? [`  certificate: ${certFile}`, `    export NODE_EXTRA_CA_CERTS=${certFile}`] : []),
    '',
    'Akkeris (at the root of this origin):',
    ...akkerisCliHint(url, token, certFile, app),
    `  ${curl} ${url}/apps`,
    `  ${curl} ${url}/apps/${app}/builds`,
    `  ${curl} -X POST -H 'Content-Type: application/json' -d '{"lines":50,"tail":true}' ${url}/apps/${app}/log-sessions`,
    `  ${curl} '${url}/apps/${app}/metrics?resolution=10m'`,
    '',
    'DigitalOcean App Platform (paths under /v2):',
    `  doctl apps list -u ${url} -t ${token}`,
    `  doctl apps logs ${doApp} --type run --follow -u ${url} -t ${token}`,
    `  ${curl} ${url}/v2/apps`,
    `  ${curl} '${url}/v2/apps/${doApp}/logs?type=RUN&tail_lines=20'`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n')
}
