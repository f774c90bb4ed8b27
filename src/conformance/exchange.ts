/** One HTTP exchange of a conformance run: send, read the whole body under a timeout, parse JSON. */
import { setTimeout as sleep } from 'node:timers/promises'
import { describeError } from './discover.js'
import type { Target } from './target.js'

/** A response read to the end. `json` is the parsed body when it parsed. */
export interface Exchange {
  status: number
  headers: Headers
  text: string
  json?: unknown
  durationMs: number
}

/** The server could not be reached or stopped answering: the run cannot go on (exit 2). */
export class ConnectionError extends Error {}

/** How long an unexpected 429's `retry-after` may make the run wait, in seconds. */
const MAX_RETRY_WAIT = 120

/** Sends a request and reads its body; rejects with {@link ConnectionError} on network errors or timeouts. */
export async function exchange(target: Target, url: string, init: RequestInit, timeoutMs: number): Promise<Exchange> {
  const started = performance.now()
  let res: Response
  let text: string
  try {
    res = await target.send(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    text = await res.text()
  } catch (err) {
    throw new ConnectionError(`${init.method ?? 'GET'} ${new URL(url).pathname}: ${describeError(err)}`)
  }
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json, durationMs: Math.round(performance.now() - started) }
}

/** Whether unexpected 429s are still waited out; shared by a run's requests. */
export interface RetryPolicy {
  enabled: boolean
}

/**
 * As {@link exchange}, but a 429 with `retry-after` is waited out and retried once, the way
 * DigitalOcean's clients do: a long run against a real server meets the burst limit. When the wait
 * did not help (a server whose clock does not move), the policy stops waiting for the rest of the run.
 */
export async function exchangeWithRetry(target: Target, url: string, init: RequestInit, timeoutMs: number, policy: RetryPolicy, onNote: (message: string) => void): Promise<Exchange> {
  const answer = await exchange(target, url, init, timeoutMs)
  const retryAfter = Number(answer.headers.get('retry-after'))
  if (answer.status !== 429 || !policy.enabled || !(retryAfter > 0 && retryAfter <= MAX_RETRY_WAIT)) return answer
  onNote(`rate limited: waiting ${retryAfter} s as retry-after says, then retrying`)
  await sleep(retryAfter * 1000)
  const retried = await exchange(target, url, init, timeoutMs)
  if (retried.status === 429) {
    policy.enabled = false
    onNote("still rate limited after waiting (does the server's clock move?); not waiting again in this run")
  }
  return retried
}

/** Uses up `target.tokens.toExhaust`; says whether the 429 came from the burst limit (the hourly window still had room). */
export async function exhaustToken(target: Target, timeoutMs: number): Promise<{ ok: true; used: number; overBurst: boolean } | { ok: false; reason: string }> {
  const token = target.tokens.toExhaust
  if (!token) return { ok: false, reason: 'no token to exhaust' }
  let remaining: number | undefined
  for (let used = 0; used < target.exhaustBudget; used++) {
    const answer = await exchange(target, `${target.origin}/v2/apps?per_page=1`, { headers: { authorization: `Bearer ${token}` } }, timeoutMs)
    if (answer.status === 429) return { ok: true, used, overBurst: remaining !== undefined && remaining > 0 }
    if (answer.status !== 200) return { ok: false, reason: `the token to exhaust was answered ${answer.status}` }
    const header = Number(answer.headers.get('ratelimit-remaining'))
    remaining = Number.isFinite(header) ? header : undefined
  }
  return { ok: false, reason: `no 429 after ${target.exhaustBudget} requests with the token to exhaust` }
}
