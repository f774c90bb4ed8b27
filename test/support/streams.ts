/** Reading chunked text streams line by line in tests. */

/** A line reader over a response body. */
export function lineReader(res: Response) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  let done = false
  return {
    /** Reads until at least `n` complete lines are buffered or the stream ends; returns them. */
    async take(n: number): Promise<string[]> {
      while (!done && buffered.split('\n').length - 1 < n) {
        const next = await reader.read()
        if (next.done) done = true
        else buffered += decoder.decode(next.value, { stream: true })
      }
      const lines = buffered.split('\n')
      const complete = lines.slice(0, Math.min(n, lines.length - 1))
      buffered = lines.slice(complete.length).join('\n')
      return complete
    },
    /** Reads whole lines until one satisfies `stop` (returned last) or the stream ends. */
    async until(stop: (line: string) => boolean): Promise<string[]> {
      const out: string[] = []
      for (;;) {
        const [line] = await this.take(1)
        if (line === undefined) return out
        out.push(line)
        if (stop(line)) return out
      }
    },
    /** Reads everything up to the end of the stream. */
    async rest(): Promise<string[]> {
      while (!done) {
        const next = await reader.read()
        if (next.done) done = true
        else buffered += decoder.decode(next.value, { stream: true })
      }
      const lines = buffered.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1)
      buffered = ''
      return lines
    },
    /** True once the stream has ended. */
    async ended(): Promise<boolean> {
      if (done) return true
      const next = await reader.read()
      if (next.done) return (done = true)
      buffered += decoder.decode(next.value, { stream: true })
      return false
    },
    cancel: () => reader.cancel(),
  }
}

/** Lets pending promise chains (stream pulls, clock wake-ups, sockets) run. */
export async function settle(ms = 20): Promise<void> {
  await new Promise((r) => setTimeout(r, ms))
}

/** Waits (real time, up to `timeoutMs`) until `check` holds; fails with `what` otherwise. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
