/** Build output of a Node.js image: `npm ci`, a TypeScript build and a jest run. */
import type { Random } from '../../core/random.js'
import type { BuildScript, FailurePhase, Recipe, RecipeContext, RecipeStep } from './build-script.js'
import { sample } from './build-script.js'

const DEPRECATED = [
  'inflight@1.0.6: This module is not supported, and leaks memory. Do not use it. Check out lru-cache if you want a good and tested way to coalesce async requests by a key value, which is much more comprehensive and powerful.',
  'glob@7.2.3: Glob versions prior to v9 are no longer supported',
  'rimraf@3.0.2: Rimraf versions prior to v4 are no longer supported',
  'request@2.88.2: request has been deprecated, see https://github.com/request/request/issues/3142',
  'har-validator@5.1.5: this library is no longer supported',
  'abab@2.0.6: Use your platform\'s native atob() and btoa() methods instead',
  'domexception@4.0.0: Use your platform\'s native DOMException instead',
  '@humanwhocodes/config-array@0.11.14: Use @eslint/config-array instead',
  '@humanwhocodes/object-schema@2.0.3: Use @eslint/object-schema instead',
  'querystring@0.2.0: The querystring API is considered Legacy. new code should use the URLSearchParams API instead.',
]
const MISSING = ['@acme/internal-utils', '@acme/eslint-config', 'acme-logger', '@acme/feature-flags']
const SOURCES = ['src/routes/orders.ts', 'src/services/billing.ts', 'src/db/users.ts', 'src/handlers/webhooks.ts', 'src/lib/cache.ts']
const TS_ERRORS = [
  `error TS2322: Type 'string' is not assignable to type 'number'.`,
  `error TS2339: Property 'total' does not exist on type 'Order'.`,
  `error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.`,
  `error TS2304: Cannot find name 'logger'.`,
  `error TS7006: Parameter 'req' implicitly has an 'any' type.`,
]
const SUITES = ['health', 'orders', 'users', 'billing', 'webhooks', 'auth', 'cache', 'config', 'pagination', 'validation']

function npmErrorLog(s: BuildScript): void {
  s.say('npm ERR! A complete log of this run can be found in: /root/.npm/_logs/' + s.random.hex(4) + '-debug-0.log')
}

function install(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  for (const warning of sample(r, DEPRECATED, r.int(1, 6))) s.say('npm WARN deprecated ' + warning, s.wait(0.3, 2))
  if (fail === 'install') {
    if (r.chance(0.5)) {
      const pkg = r.pick(MISSING)
      s.say('npm ERR! code E404', s.wait(3, 9))
      s.say(`npm ERR! 404 Not Found - GET https://registry.npmjs.org/${pkg.replace('/', '%2f')} - Not found`)
      s.say('npm ERR! 404')
      s.say(`npm ERR! 404  '${pkg}@^${r.int(1, 4)}.${r.int(0, 9)}.0' is not in this registry.`)
      s.say('npm ERR! 404')
      s.say('npm ERR! 404 Note that you can also install from a')
      s.say('npm ERR! 404 tarball, folder, http url, or git url.')
    } else {
      const react = `${r.int(17, 18)}.2.0`
      s.say('npm ERR! code ERESOLVE', s.wait(2, 6))
      s.say('npm ERR! ERESOLVE could not resolve')
      s.say('npm ERR!')
      s.say(`npm ERR! While resolving: react-dom@${react}`)
      s.say(`npm ERR! Found: react@${react === '18.2.0' ? '17.0.2' : '18.2.0'}`)
      s.say('npm ERR! node_modules/react')
      s.say(`npm ERR! Could not resolve dependency:`)
      s.say(`npm ERR! peer react@"^${react}" from react-dom@${react}`)
      s.say('npm ERR! Fix the upstream dependency conflict, or retry')
      s.say('npm ERR! this command with --force or --legacy-peer-deps')
      s.say('npm ERR! to accept an incorrect (and potentially broken) dependency resolution.')
    }
    npmErrorLog(s)
    return 1
  }
  const added = r.int(180, 1400)
  s.say(`added ${added} packages, and audited ${added + 1} packages in ${r.int(8, 45)}s`, s.wait(8, 30))
  s.say(`${Math.round(added * (0.08 + 0.1 * r.next()))} packages are looking for funding`)
  s.say('  run `npm fund` for details')
  const vulns = r.chance(0.6) ? 0 : r.int(1, 9)
  if (vulns === 0) s.say('found 0 vulnerabilities')
  else {
    s.say(`${vulns} ${r.pick(['low', 'moderate', 'high'])} severity vulnerabilities`)
    s.say('To address all issues, run:')
    s.say('  npm audit fix')
    s.say('Run `npm audit` for details.')
  }
  if (r.chance(0.3)) {
    s.say('npm notice New minor version of npm available! 10.2.4 -> 10.5.0')
    s.say('npm notice Run `npm install -g npm@10.5.0` to update!')
  }
  return 0
}

function compile(ctx: RecipeContext, s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  s.say(`> ${ctx.appName}@${ctx.version} build`, s.wait(1, 2))
  s.say('> tsc -p tsconfig.json')
  if (fail !== 'compile') {
    s.idle(s.wait(4, 15)) // tsc prints nothing on success
    return 0
  }
  for (let i = r.int(1, 3); i > 0; i--) s.say(`${r.pick(SOURCES)}(${r.int(5, 240)},${r.int(3, 40)}): ${r.pick(TS_ERRORS)}`, s.wait(4, 12))
  s.say('npm ERR! Lifecycle script `build` failed with error:')
  s.say('npm ERR! Error: command failed')
  s.say('npm ERR! code 2')
  s.say('npm ERR! path /usr/src/app')
  s.say('npm ERR! command failed')
  s.say('npm ERR! command sh -c tsc -p tsconfig.json')
  npmErrorLog(s)
  return 2
}

function test(ctx: RecipeContext, s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  s.say(`> ${ctx.appName}@${ctx.version} test`, s.wait(1, 2))
  s.say('> jest --ci')
  const suites = sample(r, SUITES, r.int(4, 9))
  const broken = fail === 'test' ? r.int(0, suites.length - 1) : -1
  let tests = 0
  for (let i = 0; i < suites.length; i++) {
    const secs = r.chance(0.3) ? ` (${(1 + 5 * r.next()).toFixed(3)} s)` : ''
    s.say(`${i === broken ? 'FAIL' : 'PASS'} src/${suites[i]}.test.ts${secs}`, s.wait(0.5, 4))
    tests += r.int(3, 25)
    if (i === broken) {
      const want = r.pick([400, 201, 404])
      s.say(`  ● ${suites[i]} › ${r.pick(['rejects invalid input', 'returns the created record', 'handles a missing id'])}`)
      s.say('    expect(received).toBe(expected) // Object.is equality')
      s.say(`    Expected: ${want}`)
      s.say(`    Received: 500`)
      s.say(`      at Object.<anonymous> (src/${suites[i]}.test.ts:${r.int(10, 120)}:${r.int(20, 40)})`)
    }
  }
  s.say(`Test Suites: ${fail === 'test' ? '1 failed, ' : ''}${suites.length - (fail === 'test' ? 1 : 0)} passed, ${suites.length} total`)
  s.say(`Tests:       ${fail === 'test' ? '1 failed, ' : ''}${tests - (fail === 'test' ? 1 : 0)} passed, ${tests} total`)
  s.say('Snapshots:   0 total')
  s.say(`Time:        ${(3 + 12 * r.next()).toFixed(3)} s`)
  s.say('Ran all test suites.')
  return fail === 'test' ? 1 : 0
}

/** The Node.js recipe. */
export function nodeRecipe(ctx: RecipeContext, random: Random): Recipe {
  const steps: RecipeStep[] = [
    { command: 'npm ci', phases: ['install'], run: (s, f) => install(s, f) },
    { command: 'npm run build', phases: ['compile'], run: (s, f) => compile(ctx, s, f) },
  ]
  if (ctx.runsTests) steps.push({ command: 'npm test', phases: ['test'], run: (s, f) => test(ctx, s, f) })
  return { image: `node:${random.pick(['18', '20', '20'])}-alpine`, steps }
}
