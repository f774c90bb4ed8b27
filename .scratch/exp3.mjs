import { Verifier } from '@pact-foundation/pact'
import http from 'node:http'
import fs from 'node:fs'
const text = 'The specified application ghost does not exist.'
const b64 = Buffer.from(text).toString('base64')
const variants = {
  star: { content: b64, contentType: '*/*', encoded: 'base64' },
  octet: { content: b64, contentType: 'application/octet-stream', encoded: 'base64' },
  octetraw: { content: text, contentType: 'application/octet-stream', encoded: false },
  none: { content: text, encoded: false },
}
const interactions = Object.entries(variants).map(([k, body]) => ({ description: k, type: 'Synchronous/HTTP', pending: false, request: { method: 'GET', path: '/x/' + k }, response: { status: 404, headers: { 'Content-Type': ['application/json'] }, body } }))
fs.writeFileSync('/work/main/.scratch/v.json', JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions, metadata: { pactSpecification: { version: '4.0' } } }))
const mode = process.argv[2]
const srv = http.createServer((req, res) => {
  if (mode === 'good') { res.writeHead(404, { 'content-type': 'application/json' }); res.end(text) }
  else if (mode === 'json') { res.writeHead(404, { 'content-type': 'application/json' }); res.end(JSON.stringify({ message: text })) }
  else { res.writeHead(404, { 'content-type': 'text/plain' }); res.end(text) }
})
await new Promise(r => srv.listen(0, '127.0.0.1', r))
try {
  const out = await new Verifier({ providerBaseUrl: `http://127.0.0.1:${srv.address().port}`, pactUrls: ['/work/main/.scratch/v.json'], logLevel: 'error' }).verifyProvider()
  console.log('RESOLVED', JSON.stringify(JSON.parse(out).interactionResults))
} catch (e) { const j = JSON.parse(e.message); console.log('REJECTED', JSON.stringify(j.interactionResults), JSON.stringify(j.errors.map(x => [x.interaction, x.mismatch.mismatches]), null, 1)) }
srv.close()
