/**
 * The metrics answer as JSON text, built from the series' columns without an object per sample:
 * a 7-day window at `1m` is 260,000 samples, and objects keyed by unix seconds grow as
 * dictionaries, so building them and stringifying cost several times the text itself and rose
 * per sample with the window.
 */
import { generateMetrics, metricColumns, type MetricsInput } from './metrics.js'

const INDEX_KEY = /^(0|[1-9][0-9]*)$/

/** The exact bytes of `JSON.stringify(generateMetrics(input))`. */
export function generateMetricsJson(input: MetricsInput): string {
  const { times, types } = metricColumns(input)
  // JSON.stringify writes integer-like keys first, in numeric order: a window reaching before
  // 1970, or a dyno type named by digits, would be ordered differently than built here
  if ((times.length > 0 && times[0] < 0) || types.some((t) => INDEX_KEY.test(t.type))) return JSON.stringify(generateMetrics(input))
  const keys = times.map((t) => `"${t}":"`)
  const parts: string[] = []
  for (const { type, series } of types) {
    const inner: string[] = []
    for (const [name, values] of series) {
      // `"t":"v` per sample, joined by `",`: one flat string per series, no rope of tiny pieces
      const samples = new Array<string>(values.length)
      for (let i = 0; i < values.length; i++) samples[i] = keys[i] + values[i]
      inner.push(`"${name}":{${samples.length ? samples.join('",') + '"' : ''}}`)
    }
    parts.push(`${JSON.stringify(type)}:{${inner.join(',')}}`)
  }
  return `{${parts.join(',')}}`
}
