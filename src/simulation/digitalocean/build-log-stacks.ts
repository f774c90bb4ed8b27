/**
 * Stack-specific parts of an App Platform build log: the buildpacks detected, and the output of
 * the app build itself (npm, pip, go, bundler, or a Dockerfile build), ending in a realistic
 * dependency or compile failure when asked. Lines are `[weight, text]`: the weight is the
 * relative time spent before the line appears; the caller scales weights to the build's duration.
 */
import type { Random } from '../../core/random.js'
import type { Stack } from '../types.js'
import type { ComponentKind } from './shared.js'

/** A line with the relative time that passes before it appears. */
export type WeightedLine = [weight: number, text: string]

/** What the stack-specific part needs to know. */
export interface StackContext {
  /** Project name, from the repository. */
  project: string
  kind: ComponentKind
  failing: boolean
}

/** Buildpacks App Platform reports for a stack (`name`, `version`, `label`); none for Dockerfiles. */
export function detectedBuildpacks(stack: Stack): Array<[string, string, string]> {
  const tail: Array<[string, string, string]> = [
    ['digitalocean/procfile', 'v0.0.5', 'Procfile'],
    ['digitalocean/custom', 'v0.1.3', 'Custom Build Command'],
  ]
  switch (stack) {
    case 'node':
      return [['digitalocean/node-js', 'v0.3.6', 'Node.js'], ...tail]
    case 'python':
      return [['digitalocean/python-appdetect', 'v0.0.3', 'Python'], ['heroku/python', 'v0.206.0', 'Python'], ...tail]
    case 'go':
      return [['heroku/go', 'v0.200.1', 'Go'], ...tail]
    case 'ruby':
      return [['heroku/ruby', 'v0.190.0', 'Ruby'], ...tail]
    case 'docker':
      return []
  }
}

/** The documentation link App Platform prints under detection for a stack. */
export function buildpackDocs(stack: Stack): [string, string] | undefined {
  const slug = { node: ['Node.js', 'node'], python: ['Python', 'python'], go: ['Go', 'go'], ruby: ['Ruby', 'ruby'] } as const
  if (stack === 'docker') return undefined
  const [label, s] = slug[stack]
  return [label, `https://do.co/apps-buildpack-${s}`]
}

const FAIL: WeightedLine = [0.4, 'ERROR: failed to build: exit status 1']

function node(r: Random, c: StackContext): WeightedLine[] {
  const version = r.pick(['18.20.3', '20.12.2', '20.14.0', '22.2.0'])
  const pkgs = r.int(180, 1400)
  const out: WeightedLine[] = [
    [0.5, '---> Node.js Buildpack'],
    [0.4, '---> Installing toolbox'],
    [0.6, '---> Getting environment variables'],
    [0.3, '---> Determining which package manager to use'],
    [0.1, 'Using npm'],
    [0.3, '---> Parsing package.json'],
    [0.5, '---> Installing node'],
    [0.3, `Resolving node version ${version.split('.')[0]}.x...`],
    [1.5, `Downloading and extracting Node v${version}`],
    [0.5, '---> Installing node_modules using npm (from package-lock.json)'],
    [0.2, 'Running npm ci'],
  ]
  if (c.failing && r.chance(0.5)) {
    return [
      ...out,
      [4, 'npm ERR! code ERESOLVE'],
      [0.1, 'npm ERR! ERESOLVE could not resolve'],
      [0.1, 'npm ERR!'],
      [0.1, `npm ERR! While resolving: ${c.project}@1.0.0`],
      [0.1, `npm ERR! Found: react@${r.pick(['18.2.0', '18.3.1'])}`],
      [0.1, 'npm ERR! Could not resolve dependency:'],
      [0.1, 'npm ERR! peer react@"^17.0.0" from react-beautiful-dnd@13.1.1'],
      [0.1, 'npm ERR! Fix the upstream dependency conflict, or retry with --legacy-peer-deps'],
      FAIL,
    ]
  }
  const secs = r.int(6, 45)
  out.push(
    [secs, ''],
    [0.1, `added ${pkgs} packages, and audited ${pkgs + 1} packages in ${secs}s`],
    [0.1, ''],
    [0.1, `${r.int(20, 180)} packages are looking for funding`],
    [0.1, '  run `npm fund` for details'],
    [0.1, ''],
    [0.1, 'found 0 vulnerabilities'],
    [0.5, '---> Running npm run build'],
    [0.1, ''],
    [0.1, `> ${c.project}@1.0.0 build`],
  )
  if (c.kind === 'static_site') {
    const modules = r.int(120, 2400)
    out.push([0.1, '> vite build'], [0.1, ''], [0.6, 'vite v5.2.11 building for production...'], [6, `✓ ${modules} modules transformed.`])
    if (c.failing) return [...out, [0.5, 'error during build:'], [0.1, '[vite]: Rollup failed to resolve import "@/components/Chart" from "src/pages/Dashboard.tsx".'], FAIL]
    out.push([0.3, `✓ built in ${(r.int(300, 2500) / 100).toFixed(2)}s`])
  } else {
    out.push([0.1, '> tsc -p tsconfig.json'], [0.1, ''])
    if (c.failing) {
      return [
        ...out,
        [8, "src/routes/orders.ts(42,17): error TS2339: Property 'customerId' does not exist on type 'OrderInput'."],
        [0.1, ''],
        [0.1, 'Found 1 error in src/routes/orders.ts:42'],
        [0.1, ''],
        FAIL,
      ]
    }
    out.push([8, '---> Pruning devDependencies'], [1.5, `removed ${r.int(40, 300)} packages, and audited ${pkgs - 100} packages in 3s`])
  }
  out.push([0.6, '---> Caching node_modules'], [0.4, '---> Node.js Buildpack: complete'])
  return out
}

function python(r: Random, c: StackContext): WeightedLine[] {
  const version = r.pick(['3.11.9', '3.12.3', '3.12.4'])
  const out: WeightedLine[] = [
    [0.4, `-----> Using Python version ${version} specified in .python-version`],
    [1.5, `-----> Installing python-${version}`],
    [0.8, '-----> Installing pip 24.0, setuptools 70.0.0 and wheel 0.43.0'],
    [0.4, '-----> Installing SQLite3'],
    [0.3, '-----> Installing requirements with pip'],
  ]
  const deps: Array<[string, string]> = [
    ['Django', '5.0.6'],
    ['gunicorn', '22.0.0'],
    ['psycopg2-binary', '2.9.9'],
    ['redis', '5.0.4'],
    ['celery', '5.4.0'],
    ['whitenoise', '6.6.0'],
  ]
  if (c.failing && r.chance(0.5)) {
    out.push(
      [2, '       Collecting Django==5.0.6 (from -r requirements.txt (line 1))'],
      [0.5, '         Downloading Django-5.0.6-py3-none-any.whl.metadata (4.1 kB)'],
      [1, '       ERROR: Could not find a version that satisfies the requirement psycopg2-binarry==2.9.9 (from versions: none)'],
      [0.1, '       ERROR: No matching distribution found for psycopg2-binarry==2.9.9'],
      FAIL,
    )
    return out
  }
  deps.forEach(([name, v], i) => out.push([1.2, `       Collecting ${name}==${v} (from -r requirements.txt (line ${i + 1}))`]))
  out.push([6, `       Installing collected packages: ${deps.map((d) => d[0]).join(', ')}`])
  out.push([0.4, `       Successfully installed ${deps.map(([n, v]) => `${n}-${v}`).join(' ')}`])
  out.push([0.5, '-----> $ python manage.py collectstatic --noinput'])
  if (c.failing) {
    return [
      ...out,
      [2, 'Traceback (most recent call last):'],
      [0.1, '  File "/workspace/manage.py", line 22, in <module>'],
      [0.1, '    main()'],
      [0.1, `  File "/workspace/${c.project}/settings.py", line 31, in <module>`],
      [0.1, '    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'],
      [0.1, "KeyError: 'DJANGO_SECRET_KEY'"],
      FAIL,
    ]
  }
  out.push([3, `       ${r.int(90, 260)} static files copied to '/workspace/staticfiles', ${r.int(300, 900)} post-processed.`])
  return out
}

function go(r: Random, c: StackContext): WeightedLine[] {
  const version = r.pick(['1.21.10', '1.22.3', '1.22.4'])
  const mod = `github.com/acme/${c.project}`
  const out: WeightedLine[] = [
    [0.4, `-----> Detected go modules via go.mod`],
    [0.3, `-----> Installing go${version}`],
    [2, `-----> Fetching go${version}.linux-amd64.tar.gz... done`],
    [0.4, '-----> Determining packages to install'],
  ]
  for (const dep of ['github.com/go-chi/chi/v5 v5.0.12', 'github.com/jackc/pgx/v5 v5.6.0', 'github.com/redis/go-redis/v9 v9.5.1', 'golang.org/x/sync v0.7.0'])
    out.push([0.8, `go: downloading ${dep}`])
  if (c.failing && r.chance(0.5)) {
    return [...out, [1, 'go: github.com/acme/metrics@v1.4.2: reading github.com/acme/metrics/go.mod at revision v1.4.2: unknown revision v1.4.2'], FAIL]
  }
  out.push([1, `-----> Running: go install -v -tags heroku ${mod}/cmd/server`])
  for (const pkg of ['internal/config', 'internal/store', 'internal/http', 'cmd/server']) out.push([3, `${mod}/${pkg}`])
  if (c.failing) {
    out.splice(out.length - 1, 1)
    return [...out, [2, '# ' + mod + '/internal/http'], [0.1, 'internal/http/handlers.go:57:9: undefined: respondJSON'], [0.1, 'internal/http/routes.go:23:2: declared and not used: limiter'], FAIL]
  }
  out.push([0.5, '-----> Installed the following binaries:'], [0.1, '       ./bin/server'])
  return out
}

function ruby(r: Random, c: StackContext): WeightedLine[] {
  const version = r.pick(['3.2.4', '3.3.1', '3.3.3'])
  const out: WeightedLine[] = [
    [0.4, `-----> Using Ruby version: ruby-${version}`],
    [0.5, '-----> Installing dependencies using bundler 2.5.9'],
    [0.2, "       Running: BUNDLE_WITHOUT='development:test' BUNDLE_DEPLOYMENT=1 bundle install -j4"],
    [2, '       Fetching gem metadata from https://rubygems.org/.........'],
  ]
  for (const gem of ['rake 13.2.1', 'nokogiri 1.16.5 (x86_64-linux)', 'puma 6.4.2', 'pg 1.5.6', 'rails 7.1.3.4'])
    out.push([2.5, `       Installing ${gem}`])
  if (c.failing && r.chance(0.5)) {
    out.splice(out.length - 2, 2)
    return [
      ...out,
      [4, '       Gem::Ext::BuildError: ERROR: Failed to build gem native extension.'],
      [0.1, '       checking for pg_config... no'],
      [0.1, '       An error occurred while installing pg (1.5.6), and Bundler cannot continue.'],
      FAIL,
    ]
  }
  out.push([1, `       Bundle complete! ${r.int(18, 60)} Gemfile dependencies, ${r.int(80, 190)} gems now installed.`])
  out.push([0.5, '-----> Preparing app for Rails asset pipeline'], [0.2, '       Running: rake assets:precompile'])
  if (c.failing) {
    return [...out, [5, 'rake aborted!'], [0.1, "NameError: uninitialized constant Api::V1::OrdersController::OrderSerializer"], [0.1, '/workspace/app/controllers/api/v1/orders_controller.rb:14:in `<class:OrdersController>\''], FAIL]
  }
  out.push([6, `       Writing /workspace/public/assets/application-${r.hex(32)}.css`], [0.5, '       Asset precompilation completed'])
  return out
}

function docker(r: Random, c: StackContext): WeightedLine[] {
  const base = r.pick(['node:20-alpine', 'python:3.12-slim', 'golang:1.22-alpine', 'ruby:3.3-slim'])
  let s = 0
  const info = (add: number, text: string): WeightedLine => {
    s += add
    return [add, `INFO[${String(s).padStart(4, '0')}] ${text}`]
  }
  const out: WeightedLine[] = [
    [0.3, '› using dockerfile /workspace/Dockerfile'],
    [0.2, '› using build context /workspace//'],
    [0.2, ''],
    info(1, `Retrieving image manifest ${base}`),
    info(1, `Retrieving image ${base} from registry index.docker.io`),
    info(1, 'Built cross stage deps: map[]'),
    info(2, `Unpacking rootfs as cmd COPY package*.json ./ requires it.`),
    info(1, 'WORKDIR /app'),
    info(0, 'COPY . .'),
    info(2, 'Taking snapshot of files...'),
    info(1, 'RUN make deps'),
  ]
  if (c.failing && r.chance(0.5)) {
    return [...out, [6, `make: *** [Makefile:12: deps] Error 2`], [0.2, 'error building image: error building stage: failed to execute command: waiting for process to exit: exit status 2'], FAIL]
  }
  out.push(info(12, 'Taking snapshot of full filesystem...'), info(1, 'RUN make build'))
  if (c.failing) {
    return [...out, [8, `${c.project}: compile error in src/main: cannot find symbol 'parseConfig'`], [0.2, 'error building image: error building stage: failed to execute command: waiting for process to exit: exit status 1'], FAIL]
  }
  out.push(info(14, 'Taking snapshot of full filesystem...'), info(1, 'EXPOSE 8080'), info(0, 'Cmd: EXPOSE'), info(0, 'Adding exposed port: 8080/tcp'), info(1, 'CMD ["./start.sh"]'))
  return out
}

/** The inside of the app-build box for a stack; ends with `ERROR: failed to build…` when failing. */
export function appBuildLines(stack: Stack, r: Random, c: StackContext): WeightedLine[] {
  switch (stack) {
    case 'node':
      return node(r, c)
    case 'python':
      return python(r, c)
    case 'go':
      return go(r, c)
    case 'ruby':
      return ruby(r, c)
    case 'docker':
      return docker(r, c)
  }
}
