/**
 * The shapes of chaos: what a fault rule may ask for (its match and its effect) and what the
 * pipeline and the transports are told to do for one request. Rules are validated and decided in
 * `rules.ts`; wire effects are carried out by the transports; stream effects wrap a stream's
 * producer; incidents (changes to the world) live with the providers.
 */

/** Every kind of fault. `status` and `latency` are answers; the next four break the connection; the last four break a stream. */
export type FaultKind =
  | 'status'
  | 'latency'
  | 'reset'
  | 'empty'
  | 'malformed'
  | 'truncate'
  | 'drop'
  | 'stall'
  | 'throttle'
  | 'expire'

/** The kinds that break the connection of an ordinary request. */
export const CONNECTION_KINDS = ['reset', 'empty', 'malformed', 'truncate'] as const
/** The kinds that act on a stream (Akkeris tails, DigitalOcean live logs over HTTP and WebSocket, archives). */
export const STREAM_KINDS = ['drop', 'stall', 'throttle', 'expire'] as const

/** A duration as rules take it: `'250ms'`, `'2s'`, `'1h30m'`, or milliseconds. */
export type DurationInput = string | number

/**
 * How long to wait before answering, on the simulation clock: a fixed duration, a uniform draw, or a
 * log-normal draw with a median and a spread (the σ of the underlying normal; 0.5 is a moderate tail).
 */
export type LatencyInput =
  | DurationInput
  | { fixed: DurationInput }
  | { uniform: [DurationInput, DurationInput] }
  | { median: DurationInput; spread: number; max?: DurationInput }

/** A rule as the user writes it (in-process, `POST /__paasim/faults`, or a `--faults` file). */
export interface FaultRuleInput {
  /** Operation id or glob (`apps_get_logs*`, `builds.*`, `*`). */
  operationId: string
  /** Only this provider's operations. */
  provider?: 'akkeris' | 'digitalocean'
  /** Only these HTTP methods (upper case). */
  method?: string | string[]
  /** Only requests about this app: its id, or its key (Akkeris) or name (DigitalOcean). */
  app?: string
  /** Only requests about this component (DigitalOcean) or dyno type / dyno (Akkeris). */
  component?: string
  /** Only requests carrying this token. */
  token?: string
  /** Chance that a matching request is hit (default 1), drawn from the simulation's seeded source. */
  probability?: number
  /** Hit at most this many requests, then the rule retires. */
  times?: number
  /** Let this many matching requests through before the rule starts hitting. */
  after?: number
  /** Active from this simulated moment: an ISO time, or a duration from when the rule was added. */
  from?: string | number
  /** Active until this simulated moment (same forms as `from`). */
  until?: string | number
  /** Periodic outages: active for `for` at the start of every `every`, counted from `from` (or from when the rule was added). */
  every?: DurationInput
  for?: DurationInput

  /** The effect. When absent: `status` if a status is given, else `latency`. */
  kind?: FaultKind
  /** `status`: answer with this status in the provider's own error format (e.g. 503, 500, 429). */
  status?: number
  /** Wait this long before the effect (any kind). `delay` is the older spelling of a fixed latency. */
  latency?: LatencyInput
  delay?: DurationInput
  /** Extra response headers of the requests the rule hits (e.g. `{ 'retry-after': '5' }`). */
  headers?: Record<string, string>
  /** `truncate`: the body is cut after this many bytes while Content-Length promises all of it. */
  bytes?: number
  /** `drop`, `stall`, `expire`: act after this many lines of the stream (default 0). */
  lines?: number
  /** `drop`, `stall`, `expire`: act after this much simulated time of the stream (whichever of `lines` and `after_time` comes first). */
  afterTime?: DurationInput
  /** `stall`: stay open and silent this long (simulated), then go on; absent: until the client leaves. */
  duration?: DurationInput
  /** `drop` on a WebSocket: the close code (1006 abnormal, the default, sends no close frame; 1001, 1011, 4000–4999 send one). */
  code?: number
  /** `throttle`: at most this many lines per simulated second. */
  linesPerSecond?: number
  /** `throttle`: at most this many bytes per simulated second. */
  bytesPerSecond?: number
}

/** What a stream must do to itself, decided when the stream's request matched a rule. */
export type StreamFault =
  | { kind: 'drop'; lines?: number; afterMs?: number; code: number }
  | { kind: 'stall'; lines?: number; afterMs?: number; forMs?: number }
  | { kind: 'throttle'; linesPerSecond?: number; bytesPerSecond?: number }
  | { kind: 'expire'; lines?: number; afterMs?: number }

/** What the transport must do to the connection instead of (or while) writing the answer. */
export type ConnectionFault =
  | { kind: 'reset' }
  | { kind: 'empty' }
  | { kind: 'malformed'; /** Seeded bytes that are not HTTP, written before the close. */ bytes: Uint8Array }
  | { kind: 'truncate'; bytes: number }

/** What the pipeline must do for one request that a rule hit. */
export interface FaultAction {
  /** The rule's id. */
  rule: number
  kind: FaultKind
  /** Simulated milliseconds to wait before the effect (drawn per request from the rule's latency). */
  delayMs: number
  status?: number
  headers?: Record<string, string>
  connection?: ConnectionFault
  stream?: StreamFault
}
