/** The clients paasim's users write, for the fault tests: a dashboard's poller that retries. */

/** How the poller notes an attempt that threw: the error, and the code of its cause when it has one. */
export function describeError(err: unknown): string {
  const { message, cause } = err as Error & { cause?: { code?: string } }
  return cause?.code ? `${message} (${cause.code})` : message
}

/**
 * The poller a dashboard would write: GET until a 2xx with a whole JSON body, at most `attempts`
 * times, sleeping `baseMs · 2^n` between tries, or `retry-after` seconds when the API says so.
 */
export async function pollJson(get: () => Promise<Response>, sleep: (ms: number) => Promise<void>, { attempts = 5, baseMs = 500 } = {}) {
  const log: string[] = []
  for (let attempt = 0; attempt < attempts; attempt++) {
    let wait = baseMs * 2 ** attempt
    try {
      const res = await get()
      if (res.ok) {
        const body: unknown = await res.json() // a body cut short throws here
        log.push(String(res.status))
        return { body, log }
      }
      log.push(String(res.status))
      await res.text() // the error body, read to free the connection
      const retryAfter = res.headers.get('retry-after')
      if (retryAfter) wait = Number(retryAfter) * 1000
    } catch (err) {
      log.push(describeError(err))
    }
    await sleep(wait)
  }
  throw new Error(`gave up after ${attempts} attempts: ${log.join(', ')}`)
}
