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

/** Drops the oldest children of `parent` beyond `max`. */
export function trimChildren(parent: Element, max: number): void {
  let excess = parent.children.length - max
  while (excess-- > 0) parent.firstElementChild!.remove()
}

/** Keeps the newest `max` items of an array in place. */
export function keepNewest<T>(items: T[], max: number): void {
  if (items.length > max) items.splice(0, items.length - max)
}
