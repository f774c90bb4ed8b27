/** `paasim <command>`: dispatch to the commands. */

const COMMANDS: Array<[string, string]> = [
  ['serve', 'serve a simulated world over HTTP(S) on loopback'],
  ['verify', 'check a server (or the simulator) against the Pact contracts'],
  ['conformance', 'check the simulator (or a server) against a DigitalOcean OpenAPI spec'],
  ['fixtures', 'list the shipped fixtures (or print their JSON Schema)'],
]

const USAGE = `usage: paasim <command> [options]
       paasim --version | --help

commands:
${COMMANDS.map(([name, what]) => `  ${name.padEnd(13)}${what}`).join('\n')}

Run 'paasim <command> --help' for a command's options.
Exit codes: 0 success, 1 a check found a problem (verify, conformance), 2 usage or connection error.`

/** Runs the CLI; resolves to the exit code (a long-running command resolves when it stops). */
export async function main(argv: string[]): Promise<number | void> {
  const [command, ...rest] = argv
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.js')
      return serve(rest)
    }
    case 'verify': {
      const { verify } = await import('./verify.js')
      return verify(rest)
    }
    case 'conformance': {
      const { conformance } = await import('./conformance.js')
      return conformance(rest)
    }
    case 'fixtures': {
      const { fixtures } = await import('./fixtures.js')
      return fixtures(rest)
    }
    case '-v':
    case '--version': {
      const { packageVersion } = await import('../package-files.js')
      console.log(packageVersion())
      return 0
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      if (command === undefined) {
        console.error(USAGE)
        return 2
      }
      console.log(USAGE)
      return 0
    default:
      console.error(`paasim: unknown command ${JSON.stringify(command)}\n\n${USAGE}`)
      return 2
  }
}
