/**
 * Where a conformance run sends its requests: a fresh in-process simulator (through `sim.fetch`)
 * or any server at a base URL (`paasim serve`, a staging proxy, the real API).
 */

/** The credentials a run uses; the optional ones enable the 403 and 429 cases. */
export interface TargetTokens {
  /** Every scope the operations need, and room in its rate limit for the whole run. */
  main: string
  /** Lacks `app:read` (has `monitoring:read`): the 403 cases of the app operations. */
  withoutAppScope?: string
  /** Lacks `monitoring:read` (has `app:read`): the 403 cases of the monitoring operations. */
  withoutMonitoringScope?: string
  /** A token the run may exhaust to provoke 429s. */
  toExhaust?: string
}

/** A server under test. `send` rejects only on network errors. */
export interface Target {
  label: string
  /** Origin the spec's paths are appended to (no trailing slash, no `/v2`). */
  origin: string
  tokens: TargetTokens
  send(url: string, init: RequestInit): Promise<Response>
  /** The server's clock (epoch ms) when known without asking it (in-process). */
  now?: number
  /** At most this many requests are spent exhausting `tokens.toExhaust`. */
  exhaustBudget: number
  close(): Promise<void>
}

/** Tokens of the in-process run (plain strings: they never leave the process). */
export const IN_PROCESS_TOKENS = {
  main: 'paasim-conformance',
  withoutAppScope: 'paasim-conformance-monitoring-only',
  withoutMonitoringScope: 'paasim-conformance-app-only',
  toExhaust: 'paasim-conformance-burst',
} as const

/**
 * A fresh world (the default one, or a shipped fixture's name or a fixture file) with a token per case kind. The burst-limited token lives in a second
 * world with the same seed (so the same ids) and `rateLimit: { burst: 3 }`: limits are per
 * simulation, and the main token needs room for every request of the run.
 */
export async function inProcessTarget(seed = 1, world = 'default'): Promise<Target> {
  const [{ createSim }, { DIGITALOCEAN_ORIGIN }] = await Promise.all([import('../sim.js'), import('../providers/digitalocean/index.js')])
  const t = IN_PROCESS_TOKENS
  const sim = createSim({
    seed,
    tokens: [t.main, { token: t.withoutAppScope, scopes: ['monitoring:read'] }, { token: t.withoutMonitoringScope, scopes: ['app:read'] }],
    rateLimit: { burst: 5000 },
    world,
  })
  const limited = createSim({ seed, tokens: [t.toExhaust], rateLimit: { burst: 3 }, world })
  await Promise.all([sim.ready, limited.ready])
  const bearer = (init: RequestInit) => new Headers(init.headers).get('authorization')
  return {
    label: inProcessLabel(seed, world),
    origin: DIGITALOCEAN_ORIGIN,
    tokens: { ...t },
    now: sim.clock.now(),
    exhaustBudget: 10,
    send: (url, init) => (bearer(init) === `Bearer ${t.toExhaust}` ? limited : sim).fetch(url, init),
    close: async () => {
      sim.dispose()
      limited.dispose()
    },
  }
}

/** How an in-process target is named in reports. */
export function inProcessLabel(seed: number, world: string): string {
  return `in-process simulator (seed ${seed}${world === 'default' ? '' : `, fixture ${world}`})`
}

/** A server at `baseUrl` (a trailing `/v2` is dropped: the spec's paths carry it). */
export function remoteTarget(baseUrl: string, tokens: TargetTokens): Target {
  const origin = baseUrl.replace(/\/+$/, '').replace(/\/v2$/, '')
  return {
    label: origin,
    origin,
    tokens,
    exhaustBudget: 1000,
    send: (url, init) => fetch(url, init),
    close: async () => {},
  }
}
