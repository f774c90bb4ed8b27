/** Runs the loopback load generator (load-worker.mjs) in a worker thread so it has its own core. */
import { Worker } from 'node:worker_threads'

export interface LoadSpec {
  url: string
  headers: Record<string, string>
  concurrency: number
  durationMs: number
}

/** Requests per second the worker achieved against `spec.url` (bounded in time and count). */
export function measureLoad(spec: LoadSpec): Promise<{ rps: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: spec })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}
