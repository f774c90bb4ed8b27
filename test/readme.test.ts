/** The README's code snippets are examples of use: they must run as written. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const readme = readFileSync('README.md', 'utf8')
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])

it('runs the unit-test example from the README against the real package code', () => {
  expect(blocks.length).toBeGreaterThan(0)
  // inside the project so `msw` resolves as it would for a user; .mts for top-level await
  const dir = resolve('node_modules/.cache/paasim-readme')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'example.mts')
  const source = blocks[0].replace(`from 'paasim'`, `from ${JSON.stringify(resolve('src/index.ts'))}`)
  writeFileSync(file, `${source}\nconsole.log(JSON.stringify({ status: res.status, body: await res.json() }))\nserver.close()\n`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 })
  expect(run.stderr).toBe('')
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
  expect(out.status).toBe(200)
  expect(out.body.build.status).toMatch(/pending|failed/)
  expect(out.body.lines[0]).toMatch(/^Generating build for api-qa build uuid /)
})

it('points only at files a package user has (no ../ paths, no test files), and those files ship', () => {
  const shipped: string[] = JSON.parse(readFileSync('package.json', 'utf8')).files
  const paths = [...readme.matchAll(/`((?:\.\.\/|\.\/)?[\w.-]+\/[\w./*-]+)`/g)].map((m) => m[1])
  expect(paths.filter((p) => p.startsWith('../'))).toEqual([])
  expect(readme).not.toMatch(/\s\.\.\/\w/) // nor in the shell examples (e.g. a spec outside the package)
  expect(paths.filter((p) => /\.test\.ts$/.test(p))).toEqual([])
  // a concrete file under a shipped folder must exist in it (e.g. spec/digitalocean/…, fixtures/schema.json)
  const files = paths.map((p) => p.replace(/^\.\/node_modules\/paasim\//, '')).filter((p) => !p.includes('*') && /\.\w+$/.test(p) && shipped.some((root) => p.startsWith(`${root}/`)))
  expect(files).toContain('fixtures/schema.json')
  for (const file of files) expect(existsSync(file), file).toBe(true)
})
