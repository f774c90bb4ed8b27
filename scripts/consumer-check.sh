#!/usr/bin/env bash
# Packs paasim and installs the tarball in a fresh consumer project beside the given msw (no --force),
# then type-checks and runs README-style tests there with the node on PATH.
# Usage: scripts/consumer-check.sh [msw version range, default: latest]
set -euo pipefail
msw=${1:-latest}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS
tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)
cd "$work"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
npm install --no-audit --no-fund --loglevel=error "msw@$msw" vitest typescript @types/node "./$tarball"
major=$(node -p "require('msw/package.json').version.split('.')[0]")
if [ "$major" -ge 3 ]; then strict="onUnhandledFrame: 'error'"; else strict="onUnhandledRequest: 'error'"; fi
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "noEmit": true, "skipLibCheck": false, "lib": ["ES2023", "DOM"], "types": ["node"] }, "include": ["*.test.ts"] }
JSON
cat > readme.test.ts <<TS
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSim, DEFAULT_TOKEN } from 'paasim'

const sim = createSim({ seed: 42, clock: 'manual', now: '2026-01-01T00:00:00Z', tokens: ['test-token'] })
const server = setupServer(...sim.handlers)
beforeAll(() => server.listen({ $strict }))
afterAll(() => server.close())

it('answers the README example', async () => {
  const app = await sim.akkeris.createApp({ name: 'api', space: 'qa', formation: { web: 2 } })
  const build = await sim.akkeris.createBuild(app.key, { outcome: 'failure' })
  sim.clock.advance('90s')
  const res = await fetch(\`https://apps.akkeris.io/apps/api-qa/builds/\${build.id}/result\`, { headers: { authorization: 'Bearer test-token' } })
  expect(res.status).toBe(200)
  expect(DEFAULT_TOKEN).toMatch(/^dop_v1_/)
})

it('fails a request nothing simulates (strict unhandled requests)', async () => {
  await expect(fetch('https://unsimulated.example.com/')).rejects.toThrow()
})
TS
cat > fixture.test.ts <<'TS'
import { test, expect } from 'paasim/vitest'

test('gets a world per test', async ({ sim }) => {
  const res = await fetch('https://api.digitalocean.com/v2/apps', { headers: { authorization: 'Bearer ' + sim.tokens.list()[0]!.token } })
  expect(res.status).toBe(200)
})
TS
npx tsc -p tsconfig.json
npx vitest run --reporter=dot
echo "::: consumer check with msw $(node -p "require('msw/package.json').version") on node $(node --version) passed in $((SECONDS - started)) s"
