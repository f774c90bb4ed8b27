import { PactV4, MatchersV3 as M, Verifier } from '@pact-foundation/pact'
const pact = new PactV4({ consumer: 'c', provider: 'p', dir: '/work/main/.scratch/out', logLevel: 'error' })
const bodies = {
  A: { a: M.eachKeyMatches({ '1767225600': M.regex('^\\d+$', '104857600') }, M.regex('^\\d{10}$', '1767225600')) },
  B: { b: M.eachValueMatches({ '1767225600': '104857600' }, M.regex('^\\d+$', '104857600')) },
  C: { c: M.eachKeyLike('1767225600', M.regex('^\\d+$', '104857600')) },
  D: { d: M.arrayContaining(M.like('Generating'), M.regex('^Finished: (SUCCESS|FAILURE)$', 'Finished: SUCCESS')), t: M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2026-01-01T00:00:00.000Z'), u: M.uuid('5f0c0000-0000-4000-8000-000000000000'), n: M.nullValue(), i: M.integer(3), e: M.eachLike({ x: M.like(1) }) },
}
for (const [k, body] of Object.entries(bodies)) {
  await pact.addInteraction().given('s {x}', { x: 'y' }).uponReceiving(k).withRequest('GET', M.fromProviderState('/k/${x}', '/k/' + k), (b) => b.headers({ Authorization: 'Bearer t' }).query({ q: '1' })).willRespondWith(200, (b) => b.jsonBody(body)).executeTest(async (ms) => { await fetch(ms.url + '/k/' + k + '?q=1', { headers: { authorization: 'Bearer t' } }) })
}
await pact.addInteraction().uponReceiving('text').withRequest('GET', '/text').willRespondWith(200, (b) => { b.headers({ 'Content-Type': 'text/plain; charset=utf-8' }); b.interaction.withResponseBody('l1\nl2\n', 'text/plain'); b.matchingRules({ body: { '$': { combine: 'AND', matchers: [{ match: 'regex', regex: '^(?:l\\d\\n){2}$' }] } } }) }).executeTest(async (ms) => { console.log(JSON.stringify(await (await fetch(ms.url + '/text')).text())) })
await pact.addInteraction().uponReceiving('err').withRequest('POST', '/err', (b) => b.jsonBody({ lines: 5, tail: false })).willRespondWith(404, (b) => { b.headers({ 'Content-Type': 'application/json' }); b.interaction.withResponseBody('The specified x does not exist.', '*/*') }).executeTest(async (ms) => { console.log(JSON.stringify(await (await fetch(ms.url + '/err', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lines":5,"tail":false}' })).text())) })
