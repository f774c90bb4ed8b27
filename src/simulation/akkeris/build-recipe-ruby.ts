/** Build output of a Ruby image: `bundle install`, asset precompilation and rspec. */
import type { Random } from '../../core/random.js'
import type { BuildScript, FailurePhase, Recipe, RecipeContext, RecipeStep } from './build-script.js'
import { sample } from './build-script.js'

/** [gem, version, native extension?] */
const GEMS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['rake', '13.1.0', false], ['concurrent-ruby', '1.2.3', false], ['i18n', '1.14.1', false], ['minitest', '5.22.2', false],
  ['tzinfo', '2.0.6', false], ['zeitwerk', '2.6.13', false], ['activesupport', '7.1.3', false], ['rack', '3.0.9', false],
  ['nokogiri', '1.16.2 (x86_64-linux)', false], ['pg', '1.5.5', true], ['puma', '6.4.2', true], ['bootsnap', '1.18.3', true],
  ['msgpack', '1.7.2', true], ['bcrypt', '3.1.20', true], ['actionpack', '7.1.3', false], ['activerecord', '7.1.3', false],
  ['railties', '7.1.3', false], ['rails', '7.1.3', false], ['sidekiq', '7.2.2', false], ['redis-client', '0.20.0', false],
  ['connection_pool', '2.4.1', false], ['jbuilder', '2.11.5', false], ['rspec-core', '3.13.0', false],
  ['rspec-expectations', '3.13.0', false], ['rspec-mocks', '3.13.0', false], ['rspec-rails', '6.1.1', false],
  ['factory_bot', '6.4.6', false], ['faraday', '2.9.0', false], ['oj', '3.16.3', true], ['sprockets', '4.2.1', false],
  ['sprockets-rails', '3.4.2', false], ['mail', '2.8.1', false], ['net-smtp', '0.4.0.1', false], ['date', '3.3.4', true],
  ['websocket-driver', '0.7.6', true], ['nio4r', '2.7.0', true], ['thor', '1.3.0', false], ['builder', '3.2.4', false],
]
const MISSING = ["acme-auth (~> 2.3)", "acme-events (>= 1.4)", "internal_billing (~> 0.9.1)"]
const SPECS = ['models/order', 'models/user', 'requests/orders', 'requests/health', 'jobs/send_receipt', 'services/billing', 'lib/feature_flags']

function install(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  s.say('Fetching gem metadata from https://rubygems.org/' + '.'.repeat(r.int(6, 12)), s.wait(1, 3))
  if (fail === 'install') {
    const gem = r.pick(MISSING)
    s.say(`Could not find gem '${gem}' in rubygems repository https://rubygems.org/ or installed locally.`, s.wait(1, 4))
    s.say(`The source does not contain any versions of '${gem.split(' ')[0]}'`)
    return 7
  }
  s.say('Resolving dependencies...', s.wait(1, 3))
  const gems = sample(r, GEMS, r.int(14, 30))
  for (const [name, version, native] of gems) {
    s.say(`Fetching ${name} ${version}`, s.wait(0.1, 0.8))
    s.say(`Installing ${name} ${version}${native ? ' with native extensions' : ''}`, native ? s.wait(3, 12) : s.wait(0.1, 0.6))
  }
  s.say(`Bundle complete! ${Math.max(8, Math.round(gems.length * 0.45))} Gemfile dependencies, ${gems.length + r.int(30, 70)} gems now installed.`, s.wait(0.5, 2))
  s.say('Use `bundle info [gemname]` to see where a bundled gem is installed.')
  return 0
}

function compile(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  if (fail === 'compile') {
    const file = r.pick(['app/models/order.rb', 'app/controllers/orders_controller.rb', 'app/jobs/send_receipt_job.rb'])
    s.say('rake aborted!', s.wait(3, 8))
    s.say(`SyntaxError: /app/${file}:${r.int(12, 180)}: syntax error, unexpected end-of-input, expecting \`end'`)
    s.say("/app/config/environment.rb:5:in `<main>'")
    s.say('Tasks: TOP => environment')
    s.say('(See full trace by running task with --trace)')
    return 1
  }
  const digest = (): string => r.hex(32)
  s.say(`Writing /app/public/assets/application-${digest()}.css`, s.wait(6, 15))
  s.say(`Writing /app/public/assets/application-${digest()}.js`, s.wait(1, 4))
  s.say(`Writing /app/public/assets/manifest-${digest()}.js`, s.wait(0.2, 1))
  return 0
}

function test(s: BuildScript, fail: FailurePhase | null): number {
  const r = s.random
  const examples = r.int(40, 260)
  s.say(`Randomized with seed ${r.int(1000, 65535)}`, s.wait(3, 6))
  for (let left = examples; left > 0; left -= 80) s.say('.'.repeat(Math.min(80, left)), s.wait(2, 6))
  const spec = r.pick(SPECS)
  const line = r.int(8, 90)
  const subject = spec.split('/').pop()!.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('')
  const example = `${subject} ${r.pick(['validates the total', 'returns 404 for a missing record', 'enqueues a receipt'])}`
  if (fail === 'test') {
    s.say('Failures:')
    s.say(`  1) ${example}`)
    s.say(`     Failure/Error: expect(response).to have_http_status(:created)`)
    s.say('       expected the response to have status code :created (201) but it was :internal_server_error (500)')
    s.say(`     # ./spec/${spec}_spec.rb:${line}:in \`block (3 levels) in <top (required)>'`)
  }
  s.say(`Finished in ${(2 + 20 * r.next()).toFixed(2)} seconds (files took ${(1 + 3 * r.next()).toFixed(2)} seconds to load)`)
  s.say(`${examples} examples, ${fail === 'test' ? '1 failure' : '0 failures'}`)
  if (fail !== 'test') return 0
  s.say('Failed examples:')
  s.say(`rspec ./spec/${spec}_spec.rb:${line} # ${example}`)
  return 1
}

/** The Ruby (Rails) recipe. */
export function rubyRecipe(ctx: RecipeContext, random: Random): Recipe {
  const steps: RecipeStep[] = [
    { command: 'bundle install --jobs 4 --retry 3', phases: ['install'], run: install },
    { command: 'SECRET_KEY_BASE=dummy bundle exec rake assets:precompile', phases: ['compile'], run: compile },
  ]
  if (ctx.runsTests) steps.push({ command: 'bundle exec rspec', phases: ['test'], run: test })
  return { image: `ruby:3.${random.int(2, 3)}-slim`, steps }
}
