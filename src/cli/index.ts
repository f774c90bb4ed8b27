/** `paasim <command>`: dispatch to the commands. */

const USAGE = `usage: paasim <command> [options]

commands:
  serve     serve a simulated world over HTTP(S) on loopback (paasim serve --help)
  verify    check a server (or the simulator) against the Pact contracts (paasim verify --help)
  conformance  check the simulator (or a server) against a DigitalOcean OpenAPI spec (paasim conformance --help)
  fixtures  list the shipped fixtures

Run 'paasim <command> --help' for a command's options.`

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
      const { listFixtures } = await import('../fixtures/index.js')
      for (const name of await listFixtures()) console.log(name)
      return 0
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE)
      return command === undefined ? 2 : 0
    default:
      console.error(`paasim: unknown command ${JSON.stringify(command)}\n\n${USAGE}`)
      return 2
  }
}
