/**
 * Fair turns for the stream pumps and the requests of one server. Each pump asks for a turn before
 * it produces and writes its next chunk; turns are handed out first come, first served, and one
 * round of turns spends at most {@link ROUND_MS} of the event loop before the rest wait for the next
 * loop iteration, so that new connections, requests and timers get in between. A thousand streams
 * catching up at once then cost each request one round at most, not a thousand chunks.
 *
 * Requests are admitted the same way: one that arrives when the loop iteration has already spent
 * {@link ROUND_MS} answering requests waits for a later iteration (ahead of the streams' turns), so
 * a thousand clients connecting at once are answered over many short iterations rather than in one
 * that holds every timer and stream back for a second.
 *
 * Connections are the one thing a long round holds back for more than one round: libuv accepts one
 * connection per loop iteration (since 1.45), so with 8 ms rounds a burst of a thousand connections
 * waits in the kernel's accept queue for eight seconds, and a plain `GET /apps` that arrives behind
 * it waits as long. While connections keep arriving ({@link accepted}), rounds are cut to
 * {@link ACCEPTING_ROUND_MS}, so the loop comes back to accept the next one soon; streams still get
 * a share of every iteration.
 */

/** Time one round of turns, or one iteration's burst of requests, may take before the event loop gets a turn of its own. */
const ROUND_MS = 8
/** A round's time while connections are arriving. */
const ACCEPTING_ROUND_MS = 0.25
/** How recently a connection must have been accepted for rounds to be short (a few loop iterations). */
const ACCEPTING_WINDOW_MS = 20

/** A first-come, first-served queue of stream turns and deferred requests with a time budget per loop iteration. */
export class Turns {
  #queue: Array<() => void> = []
  #head = 0
  #roundStart = -Infinity
  #scheduled = false
  /** Requests deferred to a later loop iteration, oldest first. */
  #admissions: Array<() => void> = []
  #admitted = 0
  /** When this loop iteration began answering requests (reset after it), or undefined. */
  #burstStart: number | undefined
  /** When the server last accepted a connection. */
  #acceptedAt = -Infinity
  /** The current round's time budget. */
  #roundMs = ROUND_MS

  /** Tells the turns that the server accepted a connection: while they keep coming, rounds are short. */
  accepted(): void {
    this.#acceptedAt = performance.now()
  }

  /** Resolves when it is this stream's turn; calling it also ends the caller's previous turn. */
  next(): Promise<void> {
    const turn = new Promise<void>((resolve) => this.#queue.push(resolve))
    this.#pass()
    return turn
  }

  /**
   * Runs `task` (answering a request) now, unless this loop iteration has already spent its share
   * on requests or others wait: then in a later iteration, before the streams' turns.
   */
  admit(task: () => void): void {
    const now = performance.now()
    if (this.#burstStart === undefined) {
      this.#burstStart = now
      setImmediate(() => (this.#burstStart = undefined))
    }
    if (this.#admitted === this.#admissions.length && now - this.#burstStart < ROUND_MS) return task()
    this.#admissions.push(task)
    this.#schedule()
  }

  /** How many streams and requests wait for a turn. */
  get waiting(): number {
    return this.#queue.length - this.#head + this.#admissions.length - this.#admitted
  }

  /** Hands the next turn on while the round has time left, else leaves it to the next loop iteration. */
  #pass(): void {
    if (performance.now() - this.#roundStart < this.#roundMs) this.#release()
    else this.#schedule()
  }

  #release(): void {
    // deferred requests first: they have waited a loop iteration already
    while (this.#admitted < this.#admissions.length && performance.now() - this.#roundStart < this.#roundMs) {
      const task = this.#admissions[this.#admitted++]
      if (this.#admitted === this.#admissions.length) [this.#admissions, this.#admitted] = [[], 0]
      task()
    }
    if (this.#admitted < this.#admissions.length) return this.#schedule()
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
      this.#roundMs = this.#roundStart - this.#acceptedAt < ACCEPTING_WINDOW_MS ? ACCEPTING_ROUND_MS : ROUND_MS
      this.#release()
    })
  }
}
