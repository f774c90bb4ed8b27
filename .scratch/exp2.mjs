import { PactV4, MatchersV3 as M, Verifier } from '@pact-foundation/pact'
import http from 'node:http'
const pact = new PactV4({ consumer: 'c', provider: 'p', dir: '/work/main/.scratch/out', logLevel: 'warn' })
for (const [name, ct] of [['a', 'application/json'], ['b', 'text/plain'], ['c', 'application/json; charset=utf-8']]) {
await pact.addInteraction()
  .uponReceiving('unknown app ' + name)
  .withRequest('GET', '/apps/' + name)
  .willRespondWith(404, (b) => { b.headers({ 'Content-Type': 'application/json', 'RateLimit-Remaining': '2400' }); b.interaction.withResponseBody('The specified application ghost does not exist.', ct) })
  .executeTest(async (ms) => { const r = await fetch(ms.url + '/apps/' + name); console.log(r.status, r.headers.get('content-type'), await r.text()) })
}
console.log('written')
const mode = process.argv[2]
const srv = http.createServer((req, res) => {
  if (mode === 'good') { res.writeHead(404, { 'content-type': 'application/json', 'ratelimit-remaining': '2400' }); res.end('The specified application ghost does not exist.') }
  else if (mode === 'json') { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"message":"The specified application ghost does not exist."}') }
  else { res.writeHead(404, { 'content-type': 'text/plain', 'ratelimit-remaining': '2400' }); res.end('The specified application ghost does not exist.') }
})
await new Promise(r => srv.listen(0, '127.0.0.1', r))
try {
  const out = await new Verifier({ providerBaseUrl: `http://127.0.0.1:${srv.address().port}`, pactUrls: ['/work/main/.scratch/out/c-p.json'], logLevel: 'error' }).verifyProvider()
  console.log('RESOLVED', out)
} catch (e) { console.log('REJECTED', e.message) }
srv.close()
