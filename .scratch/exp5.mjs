import { PactV4, MatchersV3 as M, Verifier } from '@pact-foundation/pact'
import http from 'node:http'
const pact = new PactV4({ consumer: 'c', provider: 'p', dir: '/work/main/.scratch/out', logLevel: 'error' })
const NUM = '^-?\\d+(\\.\\d+)?$'
await pact.addInteraction().uponReceiving('metrics').withRequest('GET', '/m').willRespondWith(200, (b) => {
  b.jsonBody({ web: { mem: M.eachKeyMatches({ '1767225600': '104857600' }, M.regex('^\\d+$', '1767225600')), cpu: M.eachKeyLike('1767225600', M.regex(NUM, '0.5')) }, d: M.arrayContaining(M.like('Generating'), M.regex('^Finished: (SUCCESS|FAILURE)$', 'Finished: SUCCESS')), t: M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2026-01-01T00:00:00.000Z') })
  b.matchingRules({ body: [{ path: '$.web.mem', rules: [M.eachKeyMatches({}, M.regex('^\\d+$', '1767225600')), M.eachValueMatches({}, M.regex(NUM, '1'))] }] })
}).executeTest(async (ms) => { console.log(await (await fetch(ms.url + '/m')).text()) })
await pact.addInteraction().uponReceiving('text').withRequest('GET', '/text').willRespondWith(200, (b) => { b.headers({ 'Content-Type': 'text/plain; charset=utf-8' }); b.interaction.withResponseBody('l1\nl2\n', 'text/plain'); b.matchingRules({ body: [{ path: '$', rules: [M.regex('^(?:l\\d\\n){2}$', 'l1\nl2\n')] }] }) }).executeTest(async (ms) => { console.log(JSON.stringify(await (await fetch(ms.url + '/text')).text())) })
await pact.addInteraction().uponReceiving('err').withRequest('POST', '/err', (b) => b.jsonBody({ lines: 5, tail: false })).willRespondWith(404, (b) => { b.headers({ 'Content-Type': 'application/json' }); b.interaction.withResponseBody('The specified x does not exist.', '*/*') }).executeTest(async (ms) => { console.log(JSON.stringify(await (await fetch(ms.url + '/err', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lines":5,"tail":false}' })).text())) })
const mode = process.argv[2]
const srv = http.createServer((req, res) => {
  if (req.url === '/m') { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(mode === 'good' ? { web: { mem: { '1700000000': '5', '1700000600': '7.5' }, cpu: { '1700000000': '1.25' } }, d: ['a', 'b', 'Finished: FAILURE'], t: '2024-05-06T07:08:09.123Z' } : { web: { mem: { 'x17': 'abc' }, cpu: { '1700000000': 'zz' } }, d: ['a', 'b'], t: '2024-05-06 07:08' })) }
  else if (req.url === '/text') { res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); res.end(mode === 'good' ? 'l7\nl8\n' : 'l7\nxx\n') }
  else { res.writeHead(404, { 'content-type': 'application/json' }); res.end(mode === 'good' ? 'The specified x does not exist.' : '{"m":1}') }
})
await new Promise(r => srv.listen(0, '127.0.0.1', r))
try {
  const out = await new Verifier({ providerBaseUrl: `http://127.0.0.1:${srv.address().port}`, pactUrls: ['/work/main/.scratch/out/c-p.json'], logLevel: 'error' }).verifyProvider()
  console.log('RESOLVED', JSON.stringify(JSON.parse(out).interactionResults))
} catch (e) { const j = JSON.parse(e.message); console.log('REJECTED', JSON.stringify(j.interactionResults), JSON.stringify(j.errors.map(x => [x.interaction, x.mismatch.mismatches]), null, 1)) }
srv.close()
