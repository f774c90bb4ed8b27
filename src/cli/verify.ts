/** `paasim verify`: replay the contracts against a server (or a fresh simulation) and report each difference. */
import { parseArgs } from 'node:util'
import { contractProviderNames } from '../contracts/providers.js'
import { buildReport, exitCode, formatSummary, progressLine } from '../contracts/report.js'
import { runVerify, UsageError, type VerifyOptions } from '../contracts/run.js'
import { forStream } from './color.js'

const HELP = `usage: paasim verify --provider akkeris|digitalocean --base-url URL --token TOKEN [options]
       paasim verify --against-sim [--pact FILE]… [--provider NAME]

Replays the contracts (by default the ones paasim ships in contracts/) against a server and reports
every difference by status, header and body path.

  --provider NAME       which API: ${'{providers}'}
  --base-url URL        server to check (a real account, a staging proxy, another fake)
  --token TOKEN         API token sent where the contracts carry theirs (or env PAASIM_VERIFY_TOKEN);
                        with --against-sim: the token your pact's requests carry (the simulator accepts it)
  --state KEY=VALUE     a provider-state value on a real server, e.g. --state app=api-prod; repeatable.
                        Interactions whose states lack a value are skipped and say which to give.
  --pact FILE           a pact file to replay (repeatable) instead of the shipped contracts
  --contracts DIR       every pact for this provider in DIR
  --include-writes      also replay interactions that change the account (e.g. POST builds)
  --setup-states        the server is a paasim serve --control: each interaction's states are set up
                        by the server itself (its world reset first); no --state or --token needed,
                        and writes are replayed
  --timeout MS          per interaction, response and body (default 10000)
  --json                print one JSON report instead of progress, summary (and Pact's own report)
  --against-sim         verify against a fresh in-process simulator, states set up through its API
  --engine paasim|pact  with --against-sim: paasim's replayer (default) or Pact's own verifier
  --broker-url URL      fetch the pacts from a Pact Broker (unless --pact/--contracts) …
  --broker-token T      … authenticating with this token (or env PACT_BROKER_TOKEN) …
  --provider-version V  … and publish the results as this provider version
  -h, --help            show this help

Exit codes: 0 every replayed interaction passed, 1 a mismatch, 2 usage or connection error
(or every interaction skipped: nothing verified).`

function help(): string {
  return HELP.replace('{providers}', contractProviderNames().join(', '))
}

function fail(message: string): never {
  throw new UsageError(`paasim verify: ${message}`)
}

/** Parses the flags of `paasim verify`; throws {@link UsageError} on bad input. */
export function parseVerifyArgs(argv: string[], env: Record<string, string | undefined> = process.env): (VerifyOptions & { json: boolean; help: boolean }) {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        token: { type: 'string' },
        state: { type: 'string', multiple: true },
        pact: { type: 'string', multiple: true },
        contracts: { type: 'string' },
        'include-writes': { type: 'boolean' },
        'setup-states': { type: 'boolean' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        'against-sim': { type: 'boolean' },
        engine: { type: 'string' },
        'broker-url': { type: 'string' },
        'broker-token': { type: 'string' },
        'provider-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (err) {
    fail((err as Error).message)
  }
  const states: Record<string, string> = {}
  for (const pair of values.state ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) fail(`--state takes KEY=VALUE, got ${JSON.stringify(pair)}`)
    states[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  const againstSim = values['against-sim'] ?? false
  const engine = (values.engine ?? 'paasim') as VerifyOptions['engine']
  if (engine !== 'paasim' && engine !== 'pact') fail('--engine must be paasim or pact')
  if (engine === 'pact' && !againstSim) fail('--engine pact works with --against-sim only')
  if (values.provider !== undefined && !contractProviderNames().includes(values.provider)) fail(`--provider must be one of ${contractProviderNames().join(', ')}`)
  if (values.pact && values.contracts) fail('give --pact or --contracts, not both')
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout)
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) fail('--timeout must be a positive number of milliseconds')
  const token = values.token ?? env.PAASIM_VERIFY_TOKEN
  const help = values.help ?? false
  if (!help && !againstSim) {
    if (!values.provider) fail('--provider is required (or --against-sim)')
    if (!values['base-url']) fail('--base-url is required')
    let url: URL
    try {
      url = new URL(values['base-url'])
    } catch {
      fail(`--base-url is not a URL: ${values['base-url']}`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('--base-url must be http:// or https://')
    if (!token && !values['setup-states']) fail('--token is required (or env PAASIM_VERIFY_TOKEN)')
  }
  if (values['setup-states'] && (againstSim || Object.keys(states).length)) fail('--setup-states sets the states up on the server: it goes with --base-url, without --state')
  if (againstSim && values['base-url']) fail('--against-sim and --base-url exclude each other')
  if (values['provider-version'] && !values['broker-url']) fail('--provider-version publishes results and needs --broker-url')
  if (values['provider-version'] && (values.pact || values.contracts)) fail('--provider-version publishes the results of pacts fetched from the broker; drop --pact/--contracts (their files have no link to publish to)')
  const brokerToken = values['broker-token'] ?? env.PACT_BROKER_TOKEN
  return {
    help,
    json: values.json ?? false,
    provider: values.provider,
    baseUrl: values['base-url'],
    token,
    states,
    pactFiles: values.pact ?? [],
    contractsDir: values.contracts,
    includeWrites: values['include-writes'] ?? false,
    setupStates: values['setup-states'] ?? false,
    againstSim,
    engine,
    timeoutMs,
    broker: values['broker-url'] ? { url: values['broker-url'], token: brokerToken, providerVersion: values['provider-version'] } : undefined,
  }
}

/** Runs `paasim verify`; resolves with the exit code. `plain` readies Pact's report for `out` (colours removed unless stdout takes them). */
export async function verify(
  argv: string[],
  out: (line: string) => void = (l) => console.log(l),
  err: (line: string) => void = (l) => console.error(l),
  plain: (line: string) => string = forStream(process.stdout),
): Promise<number> {
  let options
  try {
    options = parseVerifyArgs(argv)
  } catch (e) {
    err(`${(e as Error).message}\n\n${help()}`)
    return 2
  }
  if (options.help) {
    out(help())
    return 0
  }
  if (!options.json) {
    options.onContract = (source, pact) => out(`${source}: ${pact.consumer.name} -> ${pact.provider.name}, ${pact.interactions.length} interactions, against ${options.againstSim ? 'a fresh simulation' : options.baseUrl}`)
    options.onResult = (result) => out(progressLine(result))
    options.onPactOutput = (line) => out(plain(line))
  }
  let report
  try {
    report = await runVerify(options)
  } catch (e) {
    if (e instanceof UsageError) {
      const message = e.message.startsWith('paasim verify') ? e.message : `paasim verify: ${e.message}`
      // machines reading --json get a report even when nothing could be verified (a broker that cannot be reached, a missing pact)
      if (options.json) out(JSON.stringify(buildReport(options.provider ?? 'unknown', options.againstSim ? 'a fresh simulation' : (options.baseUrl ?? ''), [], message.replace(/^paasim verify: /, '')), null, 2))
      err(message)
      return 2
    }
    throw e
  }
  if (options.json) out(JSON.stringify(report, null, 2))
  else {
    out(formatSummary(report))
    if (report.error) err(`paasim verify: ${report.error}`)
  }
  return exitCode(report)
}
