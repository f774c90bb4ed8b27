/**
 * A seeded mutation fuzzer over every contract interaction (`contracts/*.json`): each interaction's
 * provider states are set up, its request is built, then mutated (path, query, method, headers,
 * body) and sent in-process (`sim.fetch`) or to the standalone server. Every answer must come in
 * time, never as a generic 500 or a closed socket, and in the owning API's own error format.
 */
import { join } from 'node:path'
import { Random } from '../../src/core/random.js'
import { readPactFile, isHttpInteraction } from '../../src/contracts/pact-file.js'
import { contractProviderNames, interactionStates, loadContractProvider, stateHandlers } from '../../src/contracts/providers.js'
import { buildRequest } from '../../src/contracts/replay.js'
import { createSim, type Simulation } from '../../src/index.js'
import type { RunningServer } from '../../src/transports/server.js'
import { rawExchange } from './raw-http.js'

/** Where the requests go. */
export type FuzzTransport = 'in-process' | 'standalone'

/** What a run saw. */
export interface FuzzReport {
  transport: FuzzTransport
  requests: number
  statuses: Record<number, number>
  /** 500s, and errors the simulation reported to `onError`. */
  serverErrors: number
  hangs: number
  silentCloses: number
  wrongFormat: number
  /** The first few failures, to reproduce them. */
  failures: string[]
  /** Longest event-loop stall while requests ran (ms), what was being asked then, and stalls over 50 ms (wall clock: a busy machine adds to them). */
  loopMaxMs: number
  loopMaxDuring: string
  stallsOver50Ms: number
  /** The most CPU time this process spent in one such gap (ms), and during what: the stall without the time it was not scheduled. */
  loopMaxCpuMs: number
  loopMaxCpuDuring: string
  /** Standalone: requests sent malformed on the wire (past what fetch can send), by kind. */
  wire: Record<string, number>
}

/** Watches the event loop with a 1 ms timer: a gap between ticks is time something held the loop (wall clock, and this process's CPU time in it). */
function stallMonitor(onStall: (ms: number, cpuMs: number) => void): () => void {
  let last = performance.now()
  let lastCpu = process.cpuUsage()
  let timer: ReturnType<typeof setTimeout>
  const tick = () => {
    const now = performance.now()
    const cpu = process.cpuUsage()
    onStall(now - last, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000)
    last = now
    lastCpu = cpu
    timer = setTimeout(tick, 1)
  }
  timer = setTimeout(tick, 1)
  return () => clearTimeout(timer)
}

const JUNK = ['', '%00', '..', '%2e%2e', '%', '%zz', '\u00e9\u2603', 'x'.repeat(3000), '-1', '0', '999999999999', '1e309', 'NaN', 'null', '[]', '{}', '*', ' ', '%20', 'a/b', "'", '"', '<script>', '__proto__']
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
const QUERY_KEYS = ['type', 'tail_lines', 'follow', 'pod_connection_timeout', 'component_name', 'resolution', 'page', 'per_page', 'start', 'end', 'app_id', 'token', 'lines', 'date']
const BODIES = ['', '{', 'null', '[]', '"x"', '{"lines":1e309}', '{"lines":-1}', '{"lines":"5"}', '{"lines":5,"tail":"yes"}', '{"__proto__":{"lines":5}}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', '{"lines":250}', '{"lines":251}']

interface Draft {
  method: string
  path: string[]
  query: Array<[string, string]>
  headers: Map<string, string>
  body: string | undefined
}

function mutate(draft: Draft, random: Random): void {
  const junk = () => random.pick(JUNK)
  switch (random.int(0, 9)) {
    case 0:
      if (draft.path.length) draft.path[random.int(0, draft.path.length - 1)] = encodeURIComponent(junk()).slice(0, 4000)
      break
    case 1:
      draft.path.push(random.pick(['x', '..', '', 'logs', 'builds', encodeURIComponent(junk())]))
      break
    case 2:
      draft.path.splice(random.int(0, Math.max(0, draft.path.length - 1)), 1)
      break
    case 3:
      draft.method = random.pick(METHODS)
      break
    case 4:
      draft.query.push([random.pick(QUERY_KEYS), junk()])
      break
    case 5:
      if (draft.query.length) draft.query[random.int(0, draft.query.length - 1)][1] = junk()
      else draft.query.push([random.pick(QUERY_KEYS), junk()])
      break
    case 6: {
      const auth = draft.headers.get('authorization')
      const choice = random.int(0, 4)
      if (choice === 0) draft.headers.delete('authorization')
      else if (choice === 1) draft.headers.set('authorization', 'Bearer ' + junk().replace(/[^\x21-\x7e]/g, 'x'))
      else if (choice === 2) draft.headers.set('authorization', 'Basic ' + btoa(':' + (auth ?? '')))
      else if (choice === 3) draft.headers.set('authorization', 'Bearer')
      else draft.headers.set('authorization', (auth ?? '') + 'x')
      break
    }
    case 7:
      draft.headers.set('content-type', random.pick(['text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']))
      break
    case 8:
      draft.body = random.chance(0.1) ? '{"pad":"' + 'x'.repeat(1_100_000) + '"}' : random.pick(BODIES)
      if (draft.method === 'GET' || draft.method === 'HEAD') draft.method = 'POST'
      break
    default:
      draft.headers.set(random.pick(['accept', 'accept-encoding', 'origin', 'x-forwarded-host', 'content-length-ignored']), junk().replace(/[^\x20-\x7e]/g, 'x').slice(0, 200))
  }
}

/** Ways to break a request on the wire, each one Node's HTTP parser refuses (or, HTTP/0.9, reads its own way). */
const WIRE = ['space-in-target', 'header-byte', 'header-overflow', 'bad-chunk', 'http09', 'bad-version', 'bare-lf', 'two-lengths', 'length-and-chunked', 'cut-body', 'bad-method', 'folded-header'] as const

/** The raw bytes of `draft` broken the `kind` way; `halfClose` when the client stops sending mid-body. */
function wireBytes(kind: (typeof WIRE)[number], draft: Draft, target: string, random: Random): { bytes: string; halfClose: boolean } {
  const body = Buffer.from(draft.body ?? '').toString('latin1')
  const headers = [...draft.headers].filter(([name]) => name !== 'content-length' && name !== 'host').map(([name, value]) => `${name}: ${Buffer.from(value).toString('latin1')}`)
  let method = draft.method
  let version = ' HTTP/1.1'
  let eol = '\r\n'
  let framing = [`Content-Length: ${body.length}`]
  let payload = body
  let halfClose = false
  if (kind === 'space-in-target') target = target.slice(0, 1 + random.int(0, target.length - 1)) + ' ' + target.slice(1)
  else if (kind === 'header-byte') headers.push(random.pick(['X-F\x01: 1', 'X-F: a\x00b', 'X F: 1', ': empty', 'X-F\x7f: 1']))
  else if (kind === 'header-overflow') headers.push(`X-Pad: ${'a'.repeat(20_000)}`)
  else if (kind === 'bad-chunk') (framing = ['Transfer-Encoding: chunked']), (payload = `${random.pick(['zz', '-1', 'ffffffffffffffffff', '5;' + 'e'.repeat(20_000)])}\r\n${body}\r\n0\r\n\r\n`)
  else if (kind === 'bad-version') version = ' ' + random.pick(['HTTP/9.9', 'HTTP/1.x', 'http/1.1', 'HTTP/1.1 x', 'HTTP/'])
  else if (kind === 'bare-lf') eol = '\n'
  else if (kind === 'two-lengths') framing.push(`Content-Length: ${body.length + 1}`)
  else if (kind === 'length-and-chunked') framing.push('Transfer-Encoding: chunked')
  else if (kind === 'cut-body') (framing = [`Content-Length: ${body.length + 10}`]), (halfClose = true)
  else if (kind === 'bad-method') method = method.slice(0, 1) + random.pick(['(', '{', '\x00', '\u00e9', ' ']) + method.slice(1)
  else if (kind === 'folded-header') headers.push('X-Folded: a', ' continued')
  if (kind === 'http09') return { bytes: `${method} ${target}\r\n\r\n`, halfClose }
  const head = [`${method} ${target}${version}`, 'Host: 127.0.0.1', ...headers, ...framing, 'Connection: close']
  return { bytes: head.join(eol) + eol + eol + payload, halfClose }
}

/** Whether an answer is in the owning API's own format (DigitalOcean JSON errors with request ids; Akkeris texts). */
function formatProblem(digitalocean: boolean, method: string, res: Response, body: string): string | undefined {
  if (res.status === 500 && !body.includes('request_id') && res.headers.get('content-type')?.startsWith('text/plain')) return 'generic 500'
  if (res.status < 400) return undefined
  if (digitalocean) {
    if (!res.headers.get('x-request-id')) return 'DigitalOcean error without x-request-id'
    if (!res.headers.get('ratelimit-limit')) return 'DigitalOcean error without ratelimit-limit'
    if (method === 'HEAD') return undefined
    let parsed: { id?: unknown; request_id?: unknown } | undefined
    try {
      parsed = JSON.parse(body)
    } catch {
      return 'DigitalOcean error body is not JSON'
    }
    if (typeof parsed?.id !== 'string' || parsed.request_id !== res.headers.get('x-request-id')) return 'DigitalOcean error body lacks id/request_id'
    return undefined
  }
  if (body.startsWith('{"id"')) return 'DigitalOcean-style JSON on an Akkeris path'
  return undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.())

/** Reads a whole body of known length (the request's timeout guards it), or at most a little of a stream (it may follow forever), then cancels it. */
async function readSome(res: Response, ms: number): Promise<string> {
  if (!res.body) return ''
  // a busy machine can take longer than `ms` to deliver even a small error body: a cut one would read as a wrong format
  if (res.headers.has('content-length')) return res.text()
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = performance.now() + ms
  try {
    while (text.length < 64_000 && performance.now() < deadline) {
      const next = await Promise.race([reader.read(), sleep(Math.max(1, deadline - performance.now())).then(() => undefined)])
      if (!next || next.done) break
      text += decoder.decode(next.value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return text
}

/** Runs `requests` mutated requests (spread over every interaction of both contracts) with `seed`. */
export async function fuzz(options: { transport: FuzzTransport; requests: number; seed?: number; timeoutMs?: number }): Promise<FuzzReport> {
  const random = new Random(options.seed ?? 1)
  const timeoutMs = options.timeoutMs ?? 5000
  const report: FuzzReport = { transport: options.transport, requests: 0, statuses: {}, serverErrors: 0, hangs: 0, silentCloses: 0, wrongFormat: 0, failures: [], loopMaxMs: 0, loopMaxDuring: '', stallsOver50Ms: 0, loopMaxCpuMs: 0, loopMaxCpuDuring: '', wire: {} }
  const fail = (what: string) => report.failures.length < 20 && report.failures.push(what)
  let current = ''
  /** Sends one mutation of `base`; returns its label. */
  const send = async (base: ReturnType<typeof buildRequest>, to: { sim: Simulation; server?: RunningServer; digitalocean: boolean; origin: string }): Promise<string> => {
    const { sim, server, origin } = to
    const url = new URL(base.url)
    const draft: Draft = {
      method: base.method,
      path: url.pathname.split('/').slice(1),
      query: [...url.searchParams],
      headers: new Map([...new Headers(base.init.headers)]),
      body: typeof base.init.body === 'string' ? base.init.body : undefined,
    }
    for (let n = random.int(1, 3); n > 0; n--) mutate(draft, random)
    const search = draft.query.length ? '?' + draft.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : ''
    const path = '/' + draft.path.join('/')
    const target = origin + path + search
    const body = draft.method === 'GET' || draft.method === 'HEAD' ? undefined : draft.body
    const label = `${draft.method} ${path.slice(0, 120)}${search.slice(0, 80)}`
    // a turn of the event loop between requests, so a stall belongs to one request (in-process answers are microtasks)
    await new Promise((resolve) => setTimeout(resolve, 1))
    report.requests++
    current = label
    if (server && random.chance(0.15)) return sendWire(server.port, draft, path + search, label)
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      const init: RequestInit = { method: draft.method, headers: [...draft.headers], body, signal: controller.signal, redirect: 'manual' }
      const res = await (server ? fetch(target, init) : sim.fetch(target, init))
      const text = await readSome(res, 50)
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1
      if (res.status === 500) (report.serverErrors++, fail(`500: ${label}`))
      // the owning API: by origin in-process (each origin is one API), by path on the shared standalone origin
      const sent = new URL(target).pathname // as the client normalises it ('/v2/..' is '/')
      const digitalocean = server ? sent === '/v2' || sent.startsWith('/v2/') : to.digitalocean
      const problem = formatProblem(digitalocean, draft.method, res, text)
      if (problem) (report.wrongFormat++, fail(`${problem}: ${res.status} ${label}`))
    } catch (err) {
      if (controller.signal.aborted) (report.hangs++, fail(`no answer in ${timeoutMs} ms: ${label}`))
      else (report.silentCloses++, fail(`${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}: ${label}`))
    } finally {
      clearTimeout(timer)
    }
    return label
  }
  /** Sends `draft` broken on the wire; the answer must still come, in the format of the API its request line names. */
  const sendWire = async (port: number, draft: Draft, target: string, label: string): Promise<string> => {
    const kind = random.pick(WIRE)
    report.wire[kind] = (report.wire[kind] ?? 0) + 1
    const { bytes, halfClose } = wireBytes(kind, draft, target, random)
    const what = `wire ${kind}: ${label}`
    try {
      const res = await rawExchange(port, bytes, { timeoutMs, halfClose, settleMs: 50 })
      if (res.closedWithoutAnswer) return (report.silentCloses++, fail(`closed without an answer: ${what}`), what)
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1
      if (res.status === 500) (report.serverErrors++, fail(`500: ${what}`))
      // the owner by the request line as the server can read it: a path under /v2 is DigitalOcean's,
      // another path Akkeris', and a line broken before its target either's
      const line = bytes.slice(0, bytes.search(/\r?\n/))
      const owner = /^[!-~]{1,32} \/v2(?=[\/?\s]|$)/.test(line) ? 'digitalocean' : /^[!-~]{1,32} /.test(line) ? 'akkeris' : undefined
      const noBody = res.status < 200 || res.status === 204 || res.status === 304
      const response = new Response(noBody ? null : res.body, { status: res.status < 200 ? 200 : res.status, headers: res.headers })
      const problem = owner && formatProblem(owner === 'digitalocean', draft.method, response, res.body)
      if (problem) (report.wrongFormat++, fail(`${problem}: ${res.status} ${what}`))
    } catch (err) {
      report.hangs++
      fail(`${(err as Error).message}: ${what}`)
    }
    return what
  }
  for (const name of contractProviderNames()) {
    const provider = await loadContractProvider(name)
    const pact = await readPactFile(join(import.meta.dirname, '../../contracts', provider.file))
    const interactions = pact.interactions.filter(isHttpInteraction)
    const perCase = Math.max(1, Math.ceil(options.requests / 2 / interactions.length))
    // one simulation (and server) per contract, reset before each interaction as the verifier does
    const sim = createSim({ ...provider.simOptions(), control: true, onError: (err) => (report.serverErrors++, fail(`onError: ${(err as Error)?.stack?.split('\n').slice(0, 2).join(' ')}`)) })
    await sim.ready
    const server = options.transport === 'standalone' ? await sim.listen({ port: 0 }) : undefined
    const origin = server?.url ?? (provider.name === 'akkeris' ? 'https://apps.akkeris.io' : 'https://api.digitalocean.com')
    try {
      for (const interaction of interactions) {
        await sim.reset()
        const states = interactionStates(interaction)
        const handlers = stateHandlers(provider, sim, states.map((s) => s.name))
        const values: Record<string, string> = {}
        for (const state of states) Object.assign(values, await handlers[state.name](state.params))
        const base = buildRequest(interaction, origin, values, provider)
        // stalls are measured while requests run only (setting states up is not a request)
        const stopMonitor = stallMonitor((ms, cpuMs) => {
          if (ms > 50) report.stallsOver50Ms++
          if (ms > report.loopMaxMs) [report.loopMaxMs, report.loopMaxDuring] = [Math.round(ms), current]
          if (cpuMs > report.loopMaxCpuMs) [report.loopMaxCpuMs, report.loopMaxCpuDuring] = [Math.round(cpuMs), current]
        })
        try {
          for (let i = 0; i < perCase && report.requests < options.requests; i++) {
            await send(base, { sim, server, origin, digitalocean: provider.name === 'digitalocean' })
          }
        } finally {
          stopMonitor()
        }
      }
    } finally {
      sim.dispose()
      await server?.close()
    }
  }
  return report
}
