/**
 * The DigitalOcean App Platform consumer contract (`contracts/paasim-digitalocean-apps-api.json`):
 * every in-scope route with success and its documented errors (401, 403, 404, 429 with its
 * headers). Ids, tokens and metric windows come from provider states (`fromProviderState`), so
 * the same file verifies against a real account. The interactions live by resource in
 * `test/contracts/digitalocean/`; they share this file's one Pact so they write one contract.
 * Regenerate with `npm run contracts`; without that, this file fails when the committed contract drifts.
 */
import { digitalOceanContract } from '../../src/contracts/digitalocean.js'
import { describeApps } from './digitalocean/apps.js'
import { describeDeployments } from './digitalocean/deployments.js'
import { describeErrors } from './digitalocean/errors.js'
import { describeLogs } from './digitalocean/logs.js'
import { describeMetrics } from './digitalocean/metrics.js'
import { consumerPact } from './support/consumer.js'

const pact = consumerPact(digitalOceanContract)

describeApps(pact)
describeDeployments(pact)
describeLogs(pact)
describeMetrics(pact)
describeErrors(pact)
