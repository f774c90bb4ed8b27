/**
 * Fair turns for the stream pumps of one server. Each pump asks for a turn before it produces and
 * writes its next chunk; turns are handed out first come, first served, and one round of turns
 * spends at most {@link ROUND_MS} of the event loop before the rest wait for the next loop
 * iteration, so that new connections, requests and timers get in between. A thousand streams
 * catching up at once then cost each request one round at most, not a thousand chunks.
 */

/** Time one round of turns may take before the event loop gets a turn of its own. */
const ROUND_MS = 8

/** A first-come, first-served queue of stream turns with a time budget per loop iteration. */
export class Turns {
  #queue: Array<() => void> = []
  #head = 0
  #roundStart = -Infinity
  #scheduled = false

  /** Resolves when it is this stream's turn; calling it also ends the caller's previous turn. */
  next(): Promise<void> {
    const turn = new Promise<void>((resolve) => this.#queue.push(resolve))
    this.#pass()
    return turn
  }

  /** How many streams wait for a turn. */
  get waiting(): number {
    return this.#queue.length - this.#head
  }

  /** Hands the next turn on while the round has time left, else leaves it to the next loop iteration. */
  #pass(): void {
    if (performance.now() - this.#roundStart < ROUND_MS) this.#release()
    else this.#schedule()
  }

  #release(): void {
    if (this.#head >= this.#queue.length) return
    const resolve = this.#queue[this.#head++]
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
    resolve()
    // a turn that ends without asking for another (it waits for the clock or a drain) hands nothing on:
    // the next iteration's round goes on from the queue
    this.#schedule()
  }

  #schedule(): void {
    if (this.#scheduled || this.waiting === 0) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      this.#roundStart = performance.now()
      this.#release()
    })
  }
}
