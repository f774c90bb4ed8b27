/**
 * The browser tests drive Debian's Chromium (playwright-core cannot download a browser here). This
 * installs it with apt-get when it is missing and we are root; otherwise it says what to install.
 * Set PAASIM_CHROMIUM to use another Chromium binary.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const binary = process.env.PAASIM_CHROMIUM || '/usr/bin/chromium'
if (!existsSync(binary)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(`paasim: the browser tests need Chromium at ${binary}: install Debian's chromium package (apt-get install -y chromium) or set PAASIM_CHROMIUM`)
    process.exit(1)
  }
  console.log('paasim: installing Chromium for the browser tests (apt-get install -y chromium)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env })
}
