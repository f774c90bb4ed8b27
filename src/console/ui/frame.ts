/**
 * Keeping the page responsive: work arriving faster than the screen refreshes (journal entries,
 * log lines) is queued and applied once per animation frame, and lists keep a bounded number of
 * rendered rows.
 */

/** Runs `flush` at most once per animation frame after `schedule()` is called. */
export function perFrame(flush: () => void): () => void {
  let pending = false
  return () => {
    if (pending) return
    pending = true
    requestAnimationFrame(() => {
      pending = false
      flush()
    })
  }
}

/** Drops the oldest children of `parent` beyond `max`, in one removal. */
export function trimChildren(parent: Element, max: number): void {
  const excess = parent.children.length - max
  if (excess <= 0) return
  const range = document.createRange()
  range.setStartBefore(parent.firstChild!)
  range.setEndAfter(parent.children[excess - 1]!)
  range.deleteContents()
}

/**
 * Keeps the newest `max` items of an array in place, trimming only once it holds `slack` more:
 * a list that grows an item at a time is not shifted on every push.
 */
export function keepNewest<T>(items: T[], max: number, slack = 0): void {
  if (items.length > max + slack) items.splice(0, items.length - max)
}

/**
 * Runs `read` one call at a time: a call while one is running returns that one's promise and asks
 * for one more run after it, however many calls came meanwhile.
 */
export function oneAtATime(read: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | undefined
  let again = false
  const run = (): Promise<void> => {
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = read().finally(() => {
      inFlight = undefined
      if (again) {
        again = false
        void run()
      }
    })
    return inFlight
  }
  return run
}
