/** Build output of a hand-written Dockerfile: OS packages (apk or apt), `make build`, `make test`. */
import type { Random } from '../../core/random.js'
import type { BuildScript, FailurePhase, Recipe, RecipeContext, RecipeStep } from './build-script.js'
import { sample } from './build-script.js'

const APK = [
  ['ca-certificates', '20240226-r0'], ['brotli-libs', '1.1.0-r1'], ['c-ares', '1.27.0-r0'], ['libunistring', '1.1-r2'],
  ['libidn2', '2.3.4-r4'], ['nghttp2-libs', '1.58.0-r0'], ['libcurl', '8.5.0-r0'], ['curl', '8.5.0-r0'], ['tzdata', '2024a-r0'],
  ['libpq', '16.2-r0'], ['pcre2', '10.42-r2'], ['gcc', '13.2.1_git20231014-r0'], ['make', '4.4.1-r2'], ['musl-dev', '1.2.4_git20230717-r4'],
] as const
const APT = [
  ['libbrotli1', '1.0.9-2+b6'], ['libsasl2-modules-db', '2.1.28+dfsg-10'], ['libsasl2-2', '2.1.28+dfsg-10'], ['libldap-2.5-0', '2.5.13+dfsg-5'],
  ['libnghttp2-14', '1.52.0-1+deb12u1'], ['libpsl5', '0.21.2-1'], ['librtmp1', '2.4+20151223.gitfa8646d.1-2+b2'], ['libssh2-1', '1.10.0-3+b1'],
  ['libcurl4', '7.88.1-10+deb12u5'], ['curl', '7.88.1-10+deb12u5'], ['ca-certificates', '20230311'], ['libpq5', '15.6-0+deb12u1'],
  ['tzdata', '2024a-0+deb12u1'], ['openssl', '3.0.11-1~deb12u2'],
] as const
const SOURCES = ['src/server.c', 'src/http.c', 'src/router.c', 'src/config.c', 'src/db.c', 'src/log.c']
const TESTS = ['parse_request', 'router_match', 'config_defaults', 'healthcheck', 'db_pool', 'log_format', 'keepalive']

function apk(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  s.say(`fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz`, s.wait(0.5, 2))
  s.say(`fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz`, s.wait(0.5, 2))
  if (fail === 'install') {
    const missing = r.pick(['libvips-dev', 'postgresql-client-16', 'python2'])
    s.say('ERROR: unable to select packages:', s.wait(0.5, 1))
    s.say(`  ${missing} (no such package):`)
    s.say(`    required by: world[${missing}]`)
    return 1
  }
  const pkgs = sample(r, APK, r.int(5, APK.length))
  pkgs.forEach(([name, version], i) => s.say(`(${i + 1}/${pkgs.length}) Installing ${name} (${version})`, s.wait(0.1, 0.8)))
  s.say('Executing busybox-1.36.1-r15.trigger', s.wait(0.2, 0.6))
  if (pkgs.some(([name]) => name === 'ca-certificates')) s.say('Executing ca-certificates-20240226-r0.trigger')
  s.say(`OK: ${r.int(9, 180)} MiB in ${pkgs.length + 15} packages`)
  return 0
}

function apt(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const lists = ['bookworm InRelease [151 kB]', 'bookworm-updates InRelease [55.4 kB]', 'bookworm/main amd64 Packages [8786 kB]']
  lists.forEach((l, i) => s.say(`Get:${i + 1} http://deb.debian.org/debian ${l}`, s.wait(0.3, 1.5)))
  s.say(`Fetched ${(8.9 + r.next()).toFixed(1).replace('.', ',')}${r.int(10, 99)} kB in ${r.int(1, 3)}s (${r.int(3, 9)},${r.int(100, 999)} kB/s)`)
  s.say('Reading package lists...', s.wait(1, 2))
  s.say('Building dependency tree...')
  s.say('Reading state information...')
  if (fail === 'install') {
    s.say(`E: Unable to locate package ${r.pick(['libvips-devel', 'python2-minimal', 'libssl1.1'])}`)
    return 100
  }
  const pkgs = sample(r, APT, r.int(5, 10))
  s.say('The following NEW packages will be installed:')
  s.say('  ' + pkgs.map(([n]) => n).join(' '))
  s.say(`0 upgraded, ${pkgs.length} newly installed, 0 to remove and 0 not upgraded.`)
  s.say(`Need to get ${r.int(1, 6)},${r.int(100, 999)} kB of archives.`)
  pkgs.forEach(([n, v], i) => s.say(`Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${n} amd64 ${v} [${r.int(20, 900)} kB]`, s.wait(0.1, 0.5)))
  s.say('debconf: delaying package configuration, since apt-utils is not installed')
  for (const [n, v] of pkgs) s.say(`Setting up ${n} (${v}) ...`, s.wait(0.1, 0.4))
  s.say('Processing triggers for libc-bin (2.36-9+deb12u4) ...', s.wait(0.3, 1))
  return 0
}

function make(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const files = sample(r, SOURCES, r.int(3, SOURCES.length))
  const broken = fail === 'compile' ? r.int(0, files.length - 1) : -1
  for (let i = 0; i < files.length; i++) {
    const obj = files[i].replace('src/', 'build/').replace('.c', '.o')
    s.say(`cc -O2 -Wall -Iinclude -c ${files[i]} -o ${obj}`, s.wait(1, 5))
    if (i === broken) {
      const line = r.int(20, 300)
      s.say(`${files[i]}: In function 'handle_request':`)
      s.say(`${files[i]}:${line}:7: error: 'x' undeclared (first use in this function)`)
      s.say(`  ${line} |   if (x > MAX_HEADERS) {`)
      s.say('      |       ^')
      s.say(`make: *** [Makefile:${r.int(10, 40)}: ${obj}] Error 1`)
      return 2
    }
  }
  s.say(`cc -o build/server ${files.map((f) => f.replace('src/', 'build/').replace('.c', '.o')).join(' ')} -lpthread -lpq`, s.wait(1, 3))
  return 0
}

function test(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const tests = sample(r, TESTS, r.int(4, TESTS.length))
  const broken = fail === 'test' ? r.int(0, tests.length - 1) : -1
  tests.forEach((t, i) => s.say(`${i === broken ? 'FAIL' : 'PASS'}: tests/${t}`, s.wait(0.5, 3)))
  s.say('============================================================================')
  s.say(`# TOTAL: ${tests.length}`)
  s.say(`# PASS:  ${tests.length - (broken >= 0 ? 1 : 0)}`)
  s.say(`# FAIL:  ${broken >= 0 ? 1 : 0}`)
  s.say('============================================================================')
  if (broken < 0) return 0
  s.say(`make: *** [Makefile:${r.int(40, 60)}: test] Error 1`)
  return 2
}

/** The plain-Dockerfile recipe (Alpine or Debian base). */
export function dockerRecipe(ctx: RecipeContext, random: Random): Recipe {
  const alpine = random.chance(0.5)
  const steps: RecipeStep[] = [
    alpine
      ? { command: 'apk add --no-cache curl ca-certificates tzdata libpq gcc make musl-dev', phases: ['install'], run: apk }
      : { command: 'apt-get update && apt-get install -y --no-install-recommends curl ca-certificates libpq5 tzdata', phases: ['install'], run: apt },
    { command: 'make build', phases: ['compile'], run: make },
  ]
  if (ctx.runsTests) steps.push({ command: 'make test', phases: ['test'], run: test })
  return { image: alpine ? 'alpine:3.19' : 'debian:bookworm-slim', steps }
}
