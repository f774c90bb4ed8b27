/**
 * Stream faults: what a rule of kind `drop`, `stall`, `throttle` or `expire` does to a log stream
 * (an Akkeris tail, a DigitalOcean live log over HTTP or WebSocket, an archive body). The rule is
 * validated here; {@link applyStreamFault} wraps the stream's producer and acts on the simulation
 * clock, counting lines, so a seeded run cuts the same streams at the same line.
 */
import { utf8Decode } from '../core/bytes.js'
import type { Clock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { STREAM_KINDS, type FaultRuleInput, type StreamFault } from './types.js'

/** WebSocket close codes a `drop` may ask for: 1006 (no close frame, the default) or a close frame with one of the others. */
export const DROP_CODES = [1006, 1001, 1011, 1012, 1013] as const
/** The close code of a `drop` that does not name one: abnormal closure, no close frame. */
export const ABNORMAL_CLOSURE = 1006

/** Whether a kind acts on streams. */
function isStreamKind(kind: unknown): kind is StreamFault['kind'] {
  return (STREAM_KINDS as readonly unknown[]).includes(kind)
}

const isDropCode = (code: unknown): code is number =>
  Number.isInteger(code) && ((DROP_CODES as readonly unknown[]).includes(code) || ((code as number) >= 4000 && (code as number) <= 4999))

/** Fields that belong to some stream kind, with the kinds they belong to. */
const FIELD_KINDS: Record<string, ReadonlyArray<StreamFault['kind']>> = {
  lines: ['drop', 'stall', 'expire'],
  afterTime: ['drop', 'stall', 'expire'],
  duration: ['stall'],
  code: ['drop'],
  linesPerSecond: ['throttle'],
  bytesPerSecond: ['throttle'],
}

function duration(value: unknown, field: string): number {
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined
  if (ms === undefined || !Number.isFinite(ms)) throw new RangeError(`fault ${field} must be a duration such as '30s', '2m' or milliseconds`)
  return ms
}

function rate(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`fault ${field} must be a number greater than 0`)
  return value
}

/**
 * The stream fault a rule asks for, or `undefined` when its kind is not a stream kind. Throws a
 * `RangeError` naming the field when a value is out of range or a field does not belong to the kind.
 */
export function parseStreamFault(input: FaultRuleInput): StreamFault | undefined {
  const kind = input.kind
  if (!isStreamKind(kind)) return undefined
  for (const [field, kinds] of Object.entries(FIELD_KINDS)) {
    if ((input as unknown as Record<string, unknown>)[field] !== undefined && !kinds.includes(kind)) throw new RangeError(`fault ${field} does not apply to kind ${kind} (only to ${kinds.join(', ')})`)
  }
  if (input.status !== undefined) throw new RangeError(`fault status does not apply to kind ${kind}: a stream fault acts on a stream that was answered 200`)
  const trigger: { lines?: number; afterMs?: number } = {}
  if (input.lines !== undefined) {
    if (!Number.isSafeInteger(input.lines) || input.lines < 0) throw new RangeError('fault lines must be a whole number of lines (0 or more)')
    trigger.lines = input.lines
  }
  if (input.afterTime !== undefined) trigger.afterMs = duration(input.afterTime, 'afterTime')
  switch (kind) {
    case 'drop': {
      const code = input.code ?? ABNORMAL_CLOSURE
      if (!isDropCode(code)) throw new RangeError(`fault code must be a WebSocket close code: 1006 (the default: no close frame), 1001, 1011, 1012, 1013 or 4000-4999`)
      return { kind, ...trigger, code }
    }
    case 'stall':
      return { kind, ...trigger, ...(input.duration !== undefined ? { forMs: duration(input.duration, 'duration') } : {}) }
    case 'expire':
      return { kind, ...trigger }
    case 'throttle': {
      if (input.linesPerSecond === undefined && input.bytesPerSecond === undefined) throw new RangeError('fault throttle needs linesPerSecond or bytesPerSecond')
      return {
        kind,
        ...(input.linesPerSecond !== undefined ? { linesPerSecond: rate(input.linesPerSecond, 'linesPerSecond') } : {}),
        ...(input.bytesPerSecond !== undefined ? { bytesPerSecond: rate(input.bytesPerSecond, 'bytesPerSecond') } : {}),
      }
    }
  }
}

/**
 * A stream cut by a `drop` fault: the transport ends the connection abnormally (chunked HTTP: no
 * terminating chunk; WebSocket: `code`, 1006 meaning no close frame at all).
 */
export class StreamDropped extends Error {
  /** The WebSocket close code the rule chose (1006 by default). */
  readonly code: number

  constructor(code: number) {
    super(`paasim: stream dropped by a fault rule (${code === ABNORMAL_CLOSURE ? 'abnormal closure' : `close code ${code}`})`)
    this.name = 'StreamDropped'
    this.code = code
  }
}

/** Whether an error is a {@link StreamDropped} (possibly from another copy of paasim). */
export function isStreamDropped(err: unknown): err is StreamDropped {
  return err instanceof StreamDropped || (err instanceof Error && err.name === 'StreamDropped' && typeof (err as { code?: unknown }).code === 'number')
}

/** What a faulted stream needs from its owner. */
export interface StreamFaultEnv {
  clock: Clock
  /** Aborts when the client leaves (and when {@link stop} is called). */
  signal: AbortSignal
  /** Stops the wrapped producer (its waits end at once). */
  stop(): void
  /** Makes the stream's session or URL invalid from now on (`expire`). */
  expire?(): void
}

/** What a stream producer yields: a line batch, or text of whole lines (as a string or UTF-8 bytes). */
type ProducerChunk = string | string[] | Uint8Array

/** Splits what a producer yields into lines. */
function linesOf(chunk: ProducerChunk): string[] {
  if (Array.isArray(chunk)) return chunk
  const lines = (typeof chunk === 'string' ? chunk : utf8Decode(chunk)).split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

const encoder = new TextEncoder()

/** Resolves when the signal aborts. */
const aborted = (signal: AbortSignal): Promise<false> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false)
    signal.addEventListener('abort', () => resolve(false), { once: true })
  })

/**
 * Applies `fault` to a stream's producer, on the simulation clock. `drop`, `stall` and `expire` act
 * after `lines` lines or `afterMs` simulated ms since the stream opened, whichever comes first (at
 * once when neither is given): `drop` throws {@link StreamDropped}; `stall` goes silent for `forMs`
 * (or until the client leaves), then sends what was held back and goes on; `expire` calls
 * `env.expire` and ends the stream as the server ends a finished session. `throttle` lets at most
 * `linesPerSecond` lines and `bytesPerSecond` bytes (newlines included) out in each simulated
 * second counted from the open (a line larger than the byte budget goes alone in a second of its own).
 * Lines come out in batches (`string[]`), a line never split.
 */
export async function* applyStreamFault(source: AsyncGenerator<ProducerChunk>, fault: StreamFault, env: StreamFaultEnv): AsyncGenerator<string[]> {
  const { clock, signal } = env
  const opened = clock.now()
  let pending: Promise<IteratorResult<ProducerChunk>> | undefined
  try {
    if (fault.kind === 'throttle') {
      yield* throttled(source, fault, env, opened, (p) => (pending = p))
      return
    }
    const deadline = fault.afterMs !== undefined ? opened + fault.afterMs : undefined
    const atLines = fault.lines ?? (deadline === undefined ? 0 : undefined)
    let sent = 0
    let held: string[] = []
    let fired = false
    /**
     * When the fault fell due: the moment its last line went out (or its deadline), not when the
     * consumer next asks, which under load may be a while later (a stall lasts `forMs` from then).
     */
    let dueAt: number | undefined
    const count = (n: number) => {
      sent += n
      if (dueAt === undefined && atLines !== undefined && sent >= atLines) dueAt = clock.now()
    }
    /** Carries out the fault once it is due; false when the stream must end here. */
    const fire = async (): Promise<boolean> => {
      fired = true
      if (fault.kind === 'drop') throw new StreamDropped(fault.code)
      if (fault.kind === 'expire') {
        env.expire?.()
        return false
      }
      const resumed = fault.forMs === undefined ? await aborted(signal) : await clock.sleepUntil((dueAt ?? clock.now()) + fault.forMs, signal)
      return resumed
    }
    for (;;) {
      if (!fired && ((atLines !== undefined && sent >= atLines) || (deadline !== undefined && clock.now() >= deadline))) {
        if (dueAt === undefined && deadline !== undefined && clock.now() >= deadline) dueAt = deadline
        if (!(await fire())) return
      }
      if (held.length) {
        const batch = held
        held = []
        count(batch.length)
        yield batch
        continue
      }
      pending ??= source.next()
      let next: IteratorResult<ProducerChunk>
      if (!fired && deadline !== undefined) {
        // the deadline may come while the producer is quiet: race its next batch against the clock
        const timer = new AbortController()
        const stopTimer = () => timer.abort()
        signal.addEventListener('abort', stopTimer, { once: true })
        const won = await Promise.race([pending.then((result) => ({ result })), clock.sleepUntil(deadline, timer.signal).then((reached) => ({ reached }))])
        signal.removeEventListener('abort', stopTimer)
        timer.abort()
        // the deadline: fire on the next turn of the loop (the batch stays pending); not reached: the client left or the clock was reset
        if ('reached' in won) {
          if (!won.reached) return
          continue
        }
        next = won.result
      } else next = await pending
      pending = undefined
      if (next.done) return
      const lines = linesOf(next.value)
      if (!fired && atLines !== undefined && sent + lines.length > atLines) {
        // the fault falls inside this batch: send up to it, hold the rest
        const cut = atLines - sent
        held = lines.slice(cut)
        if (cut > 0) {
          count(cut)
          yield lines.slice(0, cut)
        }
        continue
      }
      if (lines.length) {
        count(lines.length)
        yield lines
      }
    }
  } finally {
    // stop the producer first: a pending batch waits on the clock until its signal aborts
    env.stop()
    if (pending) await pending.catch(() => undefined)
    await source.return(undefined)
  }
}

/** The `throttle` fault: line and byte budgets per simulated second since the stream opened. */
async function* throttled(
  source: AsyncGenerator<ProducerChunk>,
  fault: Extract<StreamFault, { kind: 'throttle' }>,
  env: StreamFaultEnv,
  opened: number,
  track: (pending: Promise<IteratorResult<ProducerChunk>> | undefined) => void,
): AsyncGenerator<string[]> {
  const { clock, signal } = env
  let second = 0
  let lines = 0
  let bytes = 0
  for (;;) {
    const pending = source.next()
    track(pending)
    const next = await pending
    track(undefined)
    if (next.done) return
    let batch: string[] = []
    for (const line of linesOf(next.value)) {
      const size = fault.bytesPerSecond === undefined ? 0 : encoder.encode(line).length + 1
      for (;;) {
        const now = Math.floor((clock.now() - opened) / 1000)
        if (now !== second) [second, lines, bytes] = [now, 0, 0]
        const linesOk = fault.linesPerSecond === undefined || lines + 1 <= fault.linesPerSecond
        const bytesOk = fault.bytesPerSecond === undefined || bytes + size <= fault.bytesPerSecond || bytes === 0
        if (linesOk && bytesOk) break
        if (batch.length) {
          yield batch
          batch = []
        }
        if (!(await clock.sleepUntil(opened + (second + 1) * 1000, signal))) return
      }
      lines++
      bytes += size
      batch.push(line)
    }
    if (batch.length) yield batch
  }
}
