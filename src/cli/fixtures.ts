/** `paasim fixtures`: the shipped fixtures with their descriptions, or the fixture JSON Schema. */
import { parseArgs } from 'node:util'

const HELP = `usage: paasim fixtures [--json | --schema]

Lists the fixtures shipped with paasim (load one with paasim serve --fixture NAME or
createSim({ world: NAME })), each with its description.

  --json        print [{ name, description, now }] as JSON
  --schema      print the JSON Schema of a fixture file (the one shipped as fixtures/schema.json)
  -h, --help    show this help

Exit codes: 0 success, 2 usage error.`

/** Runs `paasim fixtures`; resolves with the exit code. */
export async function fixtures(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { json: { type: 'boolean' }, schema: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values
    if (values.json && values.schema) throw new Error('give --json or --schema, not both')
  } catch (err) {
    console.error(`paasim fixtures: ${(err as Error).message}\n\n${HELP}`)
    return 2
  }
  if (values.help) {
    console.log(HELP)
    return 0
  }
  if (values.schema) {
    const { fixtureJsonSchema } = await import('../fixtures/schema.js')
    console.log(JSON.stringify(fixtureJsonSchema(), null, 2))
    return 0
  }
  const { describeFixtures } = await import('../fixtures/index.js')
  const list = await describeFixtures()
  if (values.json) console.log(JSON.stringify(list, null, 2))
  else {
    const width = Math.max(...list.map((f) => f.name.length)) + 2
    for (const f of list) console.log(`${f.name.padEnd(width)}${f.description ?? ''}`.trimEnd())
  }
  return 0
}
