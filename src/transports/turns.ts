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
 * {@link ACCEPTING_ROUND_MS}, and while a loop iteration accepted one (more may wait in the kernel's
 * accept queue) the next round waits, up to {@link ACCEPTING_GAP_MS} after the last one ended,
 * and requests that open streams or make them wait for rounds (see {@link Turns.admit}): until the
 * burst is in, most iterations only accept a connection and answer the plain requests among them,
 * and the streams and openings go on in the rounds between, one opening a round at least and more
 * while half the round is left. A stream whose session already exists is opened before another
 * session is made: work already begun is finished first, so a client that made a session in a
 * burst reads its stream at once, and new sessions wait.
 */

import { isPromise } from '../http/pipeline.js'

/**
 * What a request does, for its admission: `plain` requests are answered first; `opens` a stream
 * whose session exists (a log session's stream, a live or archived log, a WebSocket handshake);
 * `makes` a session to stream from later (an Akkeris log session, a DigitalOcean logs URL).
 */
export type RequestKind = 'plain' | 'opens' | 'makes'

/** Time one round of turns, or one iteration's burst of requests, may take before the event loop gets a turn of its own. */
const ROUND_MS = 8
/** A round's time while connections are arriving. */
const ACCEPTING_ROUND_MS = 0.25
/** How recently a connection must have been accepted for rounds to be short (a few loop iterations). */
const ACCEPTING_WINDOW_MS = 20
/** While the accept queue holds connections, how long after a round ends the next may wait for them. */
const ACCEPTING_GAP_MS = 4

/** A first-come, first-served queue of stream turns and deferred requests with a time budget per loop iteration. */
export class Turns {
  /** The streams waiting for a turn, oldest first. */
  #queue = new TaskQueue()
  #roundStart = -Infinity
  #scheduled = false
  /** Requests deferred to a later loop iteration, oldest first. */
  #admissions = new TaskQueue()
  /** When this loop iteration began answering requests (reset after it), or undefined. */
  #burstStart: number | undefined
  /** Stream openings deferred to rounds, oldest first. */
  #opens = new TaskQueue()
  /** Requests that make sessions, deferred to rounds, oldest first: they wait for the openings. */
  #makes = new TaskQueue()
  /** Whether this round has run a deferred opening. */
  #openedThisRound = false
  /** When the last round ended. */
  #roundEnd = -Infinity
  /** When the server last accepted a connection. */
  #acceptedAt = -Infinity
  /** Whether a connection was accepted since the last check phase: more may wait in the accept queue. */
  #acceptedSinceCheck = false
  /** Counts rounds: an answer that settles after its round has ended does not go on with the next. */
  #round = 0
  /** The current round's time budget. */
  #roundMs = ROUND_MS

  /** Tells the turns that the server accepted a connection: while they keep coming, rounds are short. */
  accepted(): void {
    this.#acceptedAt = performance.now()
    this.#acceptedSinceCheck = true
  }

  /** Resolves when it is this stream's turn; calling it also ends the caller's previous turn. */
  next(): Promise<void> {
    const turn = new Promise<void>((resolve) => this.#queue.push(resolve))
    this.#pass()
    return turn
  }

  /**
   * Runs `task` (answering a request; a promise it returns settles once the response is under way)
   * now, unless this loop iteration has already spent its share on requests or others wait: then
   * in a later iteration, plain requests before the streams' turns. A request that opens or makes a
   * stream (see {@link RequestKind}) waits for a round while connections keep coming, and behind
   * others of its kind; openings go before makings, and the plain requests before both.
   */
  admit(task: () => unknown, kind: RequestKind = 'plain'): void {
    const now = performance.now()
    const queue = kind === 'plain' ? this.#admissions : kind === 'opens' ? this.#opens : this.#makes
    // an opening or making waits while connections arrive, and behind others of its kind (and a
    // making behind the openings)
    if (kind !== 'plain' && (now - this.#acceptedAt < ACCEPTING_WINDOW_MS || queue.size || this.#opens.size)) {
      queue.push(task)
      return this.#schedule()
    }
    if (this.#burstStart === undefined) {
      this.#burstStart = now
      setImmediate(() => (this.#burstStart = undefined))
    }
    if (this.#admissions.size === 0 && now - this.#burstStart < ROUND_MS) return void task()
    queue.push(task)
    this.#schedule()
  }

  /** How many streams and requests wait for a turn. */
  get waiting(): number {
    return this.#queue.size + this.#admissions.size + this.#opens.size + this.#makes.size
  }

  /** Hands the next turn on while the round has time left, else leaves it to the next loop iteration. */
  #pass(): void {
    const now = performance.now()
    if (now - this.#roundStart < this.#roundMs) this.#release()
    else {
      this.#roundEnd = now
      this.#schedule()
    }
  }

  #release(): void {
    // deferred requests first: they have waited a loop iteration already
    if (!this.#drain(this.#admissions, this.#roundMs)) return
    if (this.#admissions.size) return this.#yieldRound()
    // then openings, and makings after them: one a round, more while half the round is left, so that
    // the streams already open go on too
    if (!this.#openedThisRound && (this.#opens.size || this.#makes.size)) {
      this.#openedThisRound = true
      if (!this.#runOne(this.#opens.size ? this.#opens : this.#makes)) return
    }
    if (!this.#drain(this.#opens, this.#roundMs / 2) || !this.#drain(this.#makes, this.#roundMs / 2)) return
    if (!this.#queue.size) return this.#schedule()
    this.#queue.shift()()
    // a turn that ends without asking for another (it waits for the clock or a drain) hands nothing on:
    // the next iteration's round goes on from the queue
    this.#schedule()
  }

  /** Runs `queue`'s tasks while the round has spent less than `budget`; false when one's answer is still under way. */
  #drain(queue: TaskQueue, budget: number): boolean {
    while (queue.size && performance.now() - this.#roundStart < budget) if (!this.#runOne(queue)) return false
    return true
  }

  /**
   * Runs the oldest task of `queue`; false when its answer is still under way. Most of an answer's
   * work runs in the promises it starts: the round goes on when they have run, so that its clock sees
   * that work. One that takes longer (a delay fault) is left behind: the next loop iteration's round
   * goes on without it.
   */
  #runOne(queue: TaskQueue): boolean {
    const answered = queue.shift()()
    if (!isPromise(answered)) return true
    const round = this.#round
    const goOn = () => round === this.#round && this.#pass()
    answered.then(goOn, goOn)
    this.#schedule()
    return false
  }

  /** Ends the round with work left: the rest waits for a later loop iteration. */
  #yieldRound(): void {
    this.#roundEnd = performance.now()
    this.#schedule()
  }

  #schedule(): void {
    if (this.#scheduled || this.waiting === 0) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      const now = performance.now()
      // while this iteration's poll phase accepted a connection, more may wait in the kernel's accept
      // queue: iterations between rounds only accept and read, for up to ACCEPTING_GAP_MS
      const accepting = this.#acceptedSinceCheck
      this.#acceptedSinceCheck = false
      if (accepting && now - this.#roundEnd < ACCEPTING_GAP_MS) return this.#schedule()
      this.#roundStart = now
      this.#round++
      this.#openedThisRound = false
      this.#roundMs = this.#roundStart - this.#acceptedAt < ACCEPTING_WINDOW_MS ? ACCEPTING_ROUND_MS : ROUND_MS
      this.#release()
    })
  }
}

/**
 * A first-in, first-out queue of tasks. It lets go of the ones handed out when it empties, or when
 * they are most of it: a queue that never quite empties under a steady load must not grow.
 */
class TaskQueue {
  #tasks: Array<() => unknown> = []
  #head = 0

  get size(): number {
    return this.#tasks.length - this.#head
  }

  push(task: () => unknown): void {
    this.#tasks.push(task)
  }

  /** The oldest task; only when {@link size} is not 0. */
  shift(): () => unknown {
    const task = this.#tasks[this.#head++]
    if (this.#head === this.#tasks.length) [this.#tasks, this.#head] = [[], 0]
    else if (this.#head > 1024 && this.#head * 2 > this.#tasks.length) [this.#tasks, this.#head] = [this.#tasks.slice(this.#head), 0]
    return task
  }
}
