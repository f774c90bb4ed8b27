/** Build output of a Go image: `go build` (downloading modules first) and `go test ./...`. */
import type { Random } from '../../core/random.js'
import type { BuildScript, FailurePhase, Recipe, RecipeContext, RecipeStep } from './build-script.js'
import { sample } from './build-script.js'

const MODULES = [
  'github.com/gin-gonic/gin v1.9.1', 'github.com/go-chi/chi/v5 v5.0.12', 'github.com/jackc/pgx/v5 v5.5.3',
  'github.com/redis/go-redis/v9 v9.4.0', 'github.com/google/uuid v1.6.0', 'go.uber.org/zap v1.26.0',
  'go.uber.org/multierr v1.11.0', 'github.com/prometheus/client_golang v1.18.0', 'github.com/prometheus/common v0.46.0',
  'github.com/beorn7/perks v1.0.1', 'github.com/cespare/xxhash/v2 v2.2.0', 'golang.org/x/net v0.21.0',
  'golang.org/x/sys v0.17.0', 'golang.org/x/text v0.14.0', 'golang.org/x/crypto v0.19.0', 'golang.org/x/sync v0.6.0',
  'github.com/go-playground/validator/v10 v10.17.0', 'google.golang.org/protobuf v1.32.0', 'github.com/spf13/viper v1.18.2',
  'github.com/jmoiron/sqlx v1.3.5', 'github.com/rs/zerolog v1.32.0', 'github.com/stretchr/testify v1.8.4',
  'github.com/davecgh/go-spew v1.1.1', 'github.com/pmezard/go-difflib v1.0.0', 'gopkg.in/yaml.v3 v3.0.1',
  'github.com/jackc/pgpassfile v1.0.0', 'github.com/jackc/puddle/v2 v2.2.1', 'github.com/golang-jwt/jwt/v5 v5.2.0',
]
const PACKAGES = ['internal/store', 'internal/handlers', 'internal/config', 'internal/auth', 'internal/queue', 'pkg/httpx', 'cmd/migrate']
const COMPILE_ERRORS = [
  (r: Random) => `./main.go:${r.int(20, 120)}:${r.int(2, 30)}: undefined: ${r.pick(['x', 'cfg', 'logger', 'db'])}`,
  (r: Random) => `./handlers.go:${r.int(20, 300)}:${r.int(2, 40)}: cannot use id (variable of type string) as int value in argument to store.GetOrder`,
  (r: Random) => `./server.go:${r.int(10, 90)}:${r.int(2, 20)}: "fmt" imported and not used`,
  (r: Random) => `./orders.go:${r.int(30, 200)}:${r.int(2, 30)}: declared and not used: total`,
  (r: Random) => `./store.go:${r.int(10, 150)}:${r.int(8, 40)}: too many return values`,
]

function build(ctx: RecipeContext, s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const modules = sample(r, MODULES, r.int(8, 22))
  const brokenAt = fail === 'install' ? r.int(2, modules.length - 1) : -1
  for (let i = 0; i < modules.length; i++) {
    if (i === brokenAt) {
      const org = ctx.repoPath.split('/').slice(0, 2).join('/')
      const missing = `${org}/${r.pick(['shared', 'go-kit', 'platform-sdk'])}`
      const version = `v${r.int(0, 2)}.${r.int(1, 12)}.${r.int(0, 9)}`
      s.say(`go: ${missing}@${version}: reading https://proxy.golang.org/${missing}/@v/${version}.mod: 404 Not Found`, s.wait(2, 6))
      s.say(`        server response: not found: module ${missing}: git ls-remote -q origin in /go/pkg/mod/cache/vcs/${r.hex(32)}: exit status 128:`)
      s.say(`        fatal: could not read Username for 'https://${missing.split('/')[0]}': terminal prompts disabled`)
      return 1
    }
    s.say(`go: downloading ${modules[i]}`, s.wait(0.2, 1.6))
  }
  if (fail === 'compile') {
    s.say(`# ${ctx.repoPath}`, s.wait(5, 14))
    const errors = sample(r, COMPILE_ERRORS, r.int(1, 3))
    for (const error of errors) s.say(error(r))
    return 1
  }
  s.idle(s.wait(8, 30)) // the compiler is silent on success
  return 0
}

function test(ctx: RecipeContext, s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const packages = sample(r, PACKAGES, r.int(3, PACKAGES.length))
  const testable = packages.map((p, i) => (p.startsWith('cmd/') ? -1 : i)).filter((i) => i >= 0)
  const broken = fail === 'test' ? r.pick(testable) : -1
  for (let i = 0; i < packages.length; i++) {
    const pkg = `${ctx.repoPath}/${packages[i]}`
    if (packages[i].startsWith('cmd/')) {
      s.say(`?   \t${pkg}\t[no test files]`, s.wait(0.5, 2))
    } else if (i === broken) {
      const fn = r.pick(['TestCreateOrder', 'TestGetUserNotFound', 'TestParseConfig', 'TestRetryBackoff'])
      s.say(`--- FAIL: ${fn} (0.0${r.int(0, 9)}s)`, s.wait(1, 4))
      s.say(`    ${packages[i].split('/').pop()}_test.go:${r.int(15, 140)}: expected status 201, got 500`)
      s.say('FAIL')
      s.say(`FAIL\t${pkg}\t0.${r.int(10, 99)}${r.int(0, 9)}s`)
    } else {
      s.say(`ok  \t${pkg}\t0.${r.int(10, 99)}${r.int(0, 9)}s`, s.wait(1, 5))
    }
  }
  if (broken >= 0) {
    s.say('FAIL')
    return 1
  }
  return 0
}

/** The Go recipe (module path taken from the repository URL). */
export function goRecipe(ctx: RecipeContext, random: Random): Recipe {
  const steps: RecipeStep[] = [
    { command: 'CGO_ENABLED=0 GOOS=linux go build -o /app/server .', phases: ['install', 'compile'], run: (s, f) => build(ctx, s, f) },
  ]
  if (ctx.runsTests) steps.push({ command: 'go test ./...', phases: ['test'], run: (s, f) => test(ctx, s, f) })
  return { image: `golang:1.${random.int(21, 22)}-alpine`, steps }
}
