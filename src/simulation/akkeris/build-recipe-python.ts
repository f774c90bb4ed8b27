/** Build output of a Python image: `pip install -r requirements.txt`, `compileall` and pytest. */
import type { Random } from '../../core/random.js'
import type { BuildScript, FailurePhase, Recipe, RecipeContext, RecipeStep } from './build-script.js'
import { humanSize, sample } from './build-script.js'

/** [name, version, binary wheel?, dependencies] */
type Pkg = readonly [string, string, boolean, readonly string[]]

const DIRECT: readonly Pkg[] = [
  ['flask', '3.0.2', false, ['Werkzeug>=3.0.0', 'Jinja2>=3.1.2', 'itsdangerous>=2.1.2', 'click>=8.1.3', 'blinker>=1.6.2']],
  ['gunicorn', '21.2.0', false, ['packaging']],
  ['psycopg2-binary', '2.9.9', true, []],
  ['SQLAlchemy', '2.0.27', true, ['typing-extensions>=4.6.0', 'greenlet!=0.4.17']],
  ['requests', '2.31.0', false, ['charset-normalizer<4,>=2', 'idna<4,>=2.5', 'urllib3<3,>=1.21.1', 'certifi>=2017.4.17']],
  ['redis', '5.0.1', false, []],
  ['celery', '5.3.6', false, ['billiard<5.0,>=4.2.0', 'kombu<6.0,>=5.3.4', 'vine<6.0,>=5.1.0']],
  ['pydantic', '2.6.1', false, ['pydantic-core==2.16.2', 'annotated-types>=0.4.0']],
  ['python-dotenv', '1.0.1', false, []],
  ['boto3', '1.34.44', false, ['botocore<1.35.0,>=1.34.44', 'jmespath<2.0.0,>=0.7.1', 's3transfer<0.11.0,>=0.10.0']],
  ['structlog', '24.1.0', false, []],
  ['pytest', '8.0.1', false, ['iniconfig', 'pluggy<2.0,>=1.3.0']],
]
const VERSIONS: Record<string, [string, boolean]> = {
  Werkzeug: ['3.0.1', false], Jinja2: ['3.1.3', false], itsdangerous: ['2.1.2', false], click: ['8.1.7', false],
  blinker: ['1.7.0', false], packaging: ['23.2', false], 'typing-extensions': ['4.9.0', false], greenlet: ['3.0.3', true],
  'charset-normalizer': ['3.3.2', true], idna: ['3.6', false], urllib3: ['2.2.1', false], certifi: ['2024.2.2', false],
  billiard: ['4.2.0', false], kombu: ['5.3.5', false], vine: ['5.1.0', false], 'pydantic-core': ['2.16.2', true],
  'annotated-types': ['0.6.0', false], botocore: ['1.34.44', false], jmespath: ['1.0.1', false], s3transfer: ['0.10.0', false],
  iniconfig: ['2.0.0', false], pluggy: ['1.4.0', false],
}
const MISSING = ['acme-common==2.4.1', 'acme-auth>=1.8', 'internal-metrics==0.9.3']
const SYNTAX = [
  ['    return jsonify(items', "SyntaxError: '(' was never closed", 18],
  ['    if order.total > 0', "SyntaxError: expected ':'", 23],
  ['    print "processing", order_id', 'SyntaxError: Missing parentheses in call to \'print\'. Did you mean print(...)?', 4],
] as const

function wheel(name: string, version: string, binary: boolean): string {
  const file = name.replace(/-/g, '_')
  return `${file}-${version}-${binary ? 'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64' : 'py3-none-any'}.whl`
}

function install(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const direct = sample(r, DIRECT, r.int(5, 10))
  const installed: string[] = []
  const broken = fail === 'install' ? r.int(1, direct.length - 1) : -1
  for (let i = 0; i < direct.length; i++) {
    const [name, version, binary, deps] = direct[i]
    if (i === broken) {
      const req = r.pick(MISSING)
      s.say(`ERROR: Could not find a version that satisfies the requirement ${req} (from versions: none)`, s.wait(2, 5))
      s.say(`ERROR: No matching distribution found for ${req.split(/[=<>]/)[0]}`)
      return 1
    }
    s.say(`Collecting ${name}==${version} (from -r requirements.txt (line ${i + 1}))`, s.wait(0.3, 1.2))
    s.say(`  Downloading ${wheel(name, version, binary)} (${humanSize(r.int(binary ? 900_000 : 20_000, binary ? 4_500_000 : 300_000))})`, s.wait(0.2, 1.5))
    installed.push(`${name}-${version}`)
    for (const dep of deps) {
      const depName = dep.split(/[=<>!;]/)[0]
      const known = VERSIONS[depName]
      if (!known || installed.some((x) => x.startsWith(depName + '-'))) continue
      s.say(`Collecting ${dep} (from ${name}==${version}->-r requirements.txt (line ${i + 1}))`, s.wait(0.2, 0.8))
      s.say(`  Downloading ${wheel(depName, known[0], known[1])} (${humanSize(r.int(15_000, known[1] ? 2_000_000 : 250_000))})`, s.wait(0.2, 1))
      installed.push(`${depName}-${known[0]}`)
    }
  }
  const names = installed.map((x) => x.slice(0, x.lastIndexOf('-')))
  s.say(`Installing collected packages: ${names.join(', ')}`, s.wait(1, 3))
  s.say(`Successfully installed ${installed.join(' ')}`, s.wait(3, 12))
  s.say("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv")
  if (r.chance(0.5)) {
    s.say('[notice] A new release of pip is available: 24.0 -> 24.2')
    s.say('[notice] To update, run: pip install --upgrade pip')
  }
  return 0
}

function compile(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  if (fail !== 'compile') {
    s.idle(s.wait(1, 4))
    return 0
  }
  const [code, error, caret] = r.pick(SYNTAX)
  const file = r.pick(['app/views.py', 'app/models.py', 'app/tasks.py', 'app/services/orders.py'])
  s.say(`*** Error compiling '${file}'...`, s.wait(1, 3))
  s.say(`  File "${file}", line ${r.int(12, 260)}`)
  s.say(code)
  s.say(' '.repeat(caret) + '^')
  s.say(error)
  return 1
}

function test(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const total = r.int(30, 180)
  const failedAt = fail === 'test' ? r.int(0, total - 1) : -1
  for (let i = 0; i < total; i += 60) {
    const n = Math.min(60, total - i)
    let dots = ''
    for (let j = 0; j < n; j++) dots += i + j === failedAt ? 'F' : '.'
    s.say(`${dots.padEnd(60)} [${String(Math.round(((i + n) / total) * 100)).padStart(3)}%]`, s.wait(1, 5))
  }
  const secs = (2 + 10 * r.next()).toFixed(2)
  if (fail !== 'test') {
    s.say(`${total} passed in ${secs}s`)
    return 0
  }
  const name = r.pick(['test_create_order_rejects_negative_total', 'test_get_user_returns_404', 'test_webhook_signature_is_checked'])
  const file = `tests/test_${r.pick(['orders', 'users', 'webhooks'])}.py`
  s.say('=================================== FAILURES ===================================')
  s.say(`_________________ ${name} _________________`)
  s.say(`    def ${name}(client):`)
  s.say(`        resp = client.post("/api/orders", json={"total": -5})`)
  s.say('>       assert resp.status_code == 400')
  s.say('E       assert 500 == 400')
  s.say('E        +  where 500 = <WrapperTestResponse streamed [500 INTERNAL SERVER ERROR]>.status_code')
  s.say(`${file}:${r.int(12, 140)}: AssertionError`)
  s.say('=========================== short test summary info ============================')
  s.say(`FAILED ${file}::${name} - assert 500 == 400`)
  s.say(`1 failed, ${total - 1} passed in ${secs}s`)
  return 1
}

/** The Python recipe. */
export function pythonRecipe(ctx: RecipeContext, random: Random): Recipe {
  const steps: RecipeStep[] = [
    { command: 'pip install --no-cache-dir -r requirements.txt', phases: ['install'], run: install },
    { command: 'python -m compileall -q app', phases: ['compile'], run: compile },
  ]
  if (ctx.runsTests) steps.push({ command: 'python -m pytest -q', phases: ['test'], run: test })
  return { image: `python:3.12.${random.int(1, 4)}-slim`, steps }
}
