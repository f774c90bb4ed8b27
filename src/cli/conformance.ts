/** `paasim conformance`: check the simulator (or any server) against a DigitalOcean OpenAPI spec. */
import { parseArgs } from 'node:util'
import { packageFile } from '../package-files.js'

/** The DigitalOcean OpenAPI subset shipped with paasim (Apache-2.0, see its folder's README). */
export const SHIPPED_SPEC = 'spec/digitalocean/apps.openapi.yaml'

const HELP = `usage: paasim conformance [--spec FILE] [--base-url URL --token TOKEN] [options]

Exercises every DigitalOcean operation that both the spec lists and paasim serves — success cases
(pagination, every log type, follow, tail_lines, component_name, job and event logs, bandwidth) and
error cases (401, 403, 404, 400, 429) — and validates each status, header and body against the
spec's schemas, plus paasim's own invariants (rate-limit headers, request ids, retry-after) and the
format of the log lines behind live_url and historic_urls.

  --spec FILE                        OpenAPI 3.0/3.1 file (YAML or JSON), e.g. a newer DigitalOcean spec
                                     (default: the subset shipped in spec/digitalocean/)
  --base-url URL                     check this server (e.g. paasim serve) instead of a fresh in-process simulator
  --token TOKEN                      with --base-url: a token with every scope (or env PAASIM_CONFORMANCE_TOKEN;
                                     default: paasim serve's default token)
  --token-without-app-scope T        with --base-url: a token lacking app:read, for the 403 cases of app operations
  --token-without-monitoring-scope T with --base-url: a token lacking monitoring:read, for the monitoring 403 cases
  --token-to-exhaust T               with --base-url: a token the run may use up to provoke 429s
  --seed N                           seed of the in-process world (default 1)
  --fixture NAME|PATH                the in-process world: a shipped fixture (paasim fixtures) or a fixture file
  --timeout MS                       per request and body (default 10000)
  --json                             print one JSON report instead of lines and a summary
  -h, --help                         show this help

Exit codes: 0 no violation, 1 violations, 2 usage, spec-load or connection error.`

/** Bad flags: exit 2 with the usage. */
export class ConformanceUsageError extends Error {}

function fail(message: string): never {
  throw new ConformanceUsageError(`paasim conformance: ${message}`)
}

/** Parses the flags of `paasim conformance`; throws {@link ConformanceUsageError} on bad input. */
export function parseConformanceArgs(argv: string[], env: Record<string, string | undefined> = process.env) {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        spec: { type: 'string' },
        'base-url': { type: 'string' },
        token: { type: 'string' },
        'token-without-app-scope': { type: 'string' },
        'token-without-monitoring-scope': { type: 'string' },
        'token-to-exhaust': { type: 'string' },
        seed: { type: 'string' },
        fixture: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (err) {
    fail((err as Error).message)
  }
  if (values.help) return { help: true as const }
  const spec = values.spec ?? packageFile(SHIPPED_SPEC)
  if (!spec) fail(`--spec FILE is required (this installation lacks ${SHIPPED_SPEC})`)
  const baseUrl = values['base-url']
  const remoteOnly = ['token', 'token-without-app-scope', 'token-without-monitoring-scope', 'token-to-exhaust'] as const
  if (baseUrl === undefined) {
    for (const flag of remoteOnly) if (values[flag] !== undefined) fail(`--${flag} needs --base-url (the in-process run makes its own tokens)`)
  } else {
    if (!/^https?:\/\/[^/]/i.test(baseUrl)) fail(`--base-url must be an http(s) URL, got ${JSON.stringify(baseUrl)}`)
    for (const flag of ['seed', 'fixture'] as const) if (values[flag] !== undefined) fail(`--${flag} applies to the in-process simulator only (not with --base-url)`)
  }
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) fail('--seed must be a non-negative integer')
  if (values.timeout !== undefined && !(/^\d+$/.test(values.timeout) && Number(values.timeout) > 0)) fail('--timeout must be a positive number of milliseconds')
  return {
    help: false as const,
    spec,
    baseUrl,
    tokens:
      baseUrl === undefined
        ? undefined
        : {
            main: values.token ?? env.PAASIM_CONFORMANCE_TOKEN ?? '',
            withoutAppScope: values['token-without-app-scope'],
            withoutMonitoringScope: values['token-without-monitoring-scope'],
            toExhaust: values['token-to-exhaust'],
          },
    seed: values.seed === undefined ? undefined : Number(values.seed),
    fixture: values.fixture,
    timeoutMs: values.timeout === undefined ? undefined : Number(values.timeout),
    json: values.json ?? false,
  }
}

/** Runs the command; resolves with the exit code. */
export async function conformance(argv: string[]): Promise<number> {
  let args
  try {
    args = parseConformanceArgs(argv)
  } catch (err) {
    if (!(err instanceof ConformanceUsageError)) throw err
    console.error(`${err.message}\n\n${HELP}`)
    return 2
  }
  if (args.help) {
    console.log(HELP)
    return 0
  }
  const [{ runConformance }, report, { inProcessLabel }] = await Promise.all([
    import('../conformance/run.js'),
    import('../conformance/report.js'),
    import('../conformance/target.js'),
  ])
  if (args.tokens && !args.tokens.main) {
    const { DEFAULT_TOKEN } = await import('../http/tokens.js')
    args.tokens.main = DEFAULT_TOKEN
    if (!args.json) console.log("no --token given: using paasim serve's default token")
  }
  const text = !args.json
  if (text) console.log(report.headerLine(args.spec, args.baseUrl ?? `a fresh ${inProcessLabel(args.seed ?? 1, args.fixture ?? 'default')}`))
  const result = await runConformance({
    spec: args.spec,
    baseUrl: args.baseUrl,
    tokens: args.tokens,
    seed: args.seed,
    fixture: args.fixture,
    timeoutMs: args.timeoutMs,
    onRequest: text ? (r) => console.log(report.requestLine(r)) : undefined,
    onNote: (message) => (text ? console.log(`  …     ${message}`) : console.error(`paasim conformance: ${message}`)),
  })
  if (text) {
    const summary = report.formatSummary(result)
    if (summary) console.log(summary)
  } else console.log(JSON.stringify(result, null, 2))
  if (result.error) console.error(`paasim conformance: ${result.error}`)
  return report.conformanceExitCode(result)
}
