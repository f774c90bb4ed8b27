/**
 * The Akkeris consumer contract (`contracts/paasim-akkeris-api.json`): every in-scope route, its
 * documented errors, and the log-session stream. Ids come from provider states
 * (`fromProviderState`), so the same file verifies against a real account. The interactions live
 * by resource in `test/contracts/akkeris/`; they share this file's one Pact so they write one contract.
 * Regenerate with `npm run contracts`; without that, this file fails when the committed contract drifts.
 */
import { akkerisContract } from '../../src/contracts/akkeris.js'
import { describeApps } from './akkeris/apps.js'
import { describeBuilds } from './akkeris/builds.js'
import { describeErrors } from './akkeris/errors.js'
import { describeLogSessions } from './akkeris/logs.js'
import { describeMetrics } from './akkeris/metrics.js'
import { describePlatform } from './akkeris/platform.js'
import { describeSites } from './akkeris/sites.js'
import { consumerPact } from './support/consumer.js'

const pact = consumerPact(akkerisContract)

describeApps(pact)
describeBuilds(pact)
describeLogSessions(pact)
describeSites(pact)
describeMetrics(pact)
describePlatform(pact)
describeErrors(pact)
