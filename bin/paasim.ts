#!/usr/bin/env node
/** CLI entry: all logic lives in src/cli. */
import { main } from '../src/cli/index.js'

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 2
  },
)
