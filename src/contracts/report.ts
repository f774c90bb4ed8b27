/** What `paasim verify` prints: a progress line per interaction, then a summary a person can act on, or JSON. */
import type { ContractResult, InteractionResult, Mismatch, VerifyReport } from './types.js'

/** Builds the report from the contracts' results. */
export function buildReport(provider: string, target: string, contracts: ContractResult[], error?: string, warnings: string[] = []): VerifyReport {
  const all = contracts.flatMap((c) => c.interactions)
  const count = (o: InteractionResult['outcome']) => all.filter((i) => i.outcome === o).length
  const summary = { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: all.length }
  return { provider, target, ok: !error && summary.failed === 0, summary, contracts, ...(error ? { error } : {}), ...(warnings.length ? { warnings } : {}) }
}

/** Exit code: 0 all passed (skips allowed), 1 a mismatch, 2 usage or connection error. */
export function exitCode(report: VerifyReport): 0 | 1 | 2 {
  if (report.error) return 2
  return report.summary.failed ? 1 : 0
}

/** One progress line. */
export function progressLine(result: InteractionResult): string {
  const where = result.request ? ` (${result.request.method} ${result.request.path})` : ''
  if (result.outcome === 'skipped') return `  skip  ${result.description}: ${result.reason}`
  const mark = result.outcome === 'passed' ? '  ok  ' : '  FAIL'
  return `${mark}  ${result.description}${where} ${result.durationMs} ms`
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)'
  if (value === null) return 'null'
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)
  return text.length > 160 ? text.slice(0, 157) + '...' : text
}

function mismatchLines(m: Mismatch): string[] {
  const where = m.kind === 'header' ? `header ${m.path}` : m.kind === 'body' ? `body ${m.path ?? '$'}` : m.kind
  const lines = [`     - ${where}: ${m.message}`]
  if (m.kind !== 'state' && m.kind !== 'request' && m.kind !== 'unsupported' && (m.expected !== undefined || m.actual !== undefined)) {
    lines.push(`         expected: ${show(m.expected)}`, `         actual:   ${show(m.actual)}`)
  }
  return lines
}

/** Mismatches printed per interaction before the rest are summed up (an array of a wrong type fails once per element). */
const MAX_SHOWN = 12

/** The human summary printed after the progress lines (the CLI prints `report.error` on stderr, once). */
export function formatSummary(report: VerifyReport): string {
  const out: string[] = ['']
  const failed = report.contracts.flatMap((c) => c.interactions.filter((i) => i.outcome === 'failed').map((i) => ({ c, i })))
  if (failed.length) {
    out.push('Mismatches:')
    failed.forEach(({ c, i }, n) => {
      out.push(`  ${n + 1}) ${i.description}  [${c.source}]`)
      if (i.request) out.push(`     ${i.request.method} ${i.request.path}${i.states.length ? `  (given ${i.states.join('; ')})` : ''}`)
      const shown = i.mismatches.length > MAX_SHOWN ? i.mismatches.slice(0, MAX_SHOWN - 2) : i.mismatches
      for (const m of shown) out.push(...mismatchLines(m))
      if (shown.length < i.mismatches.length) out.push(`     … and ${i.mismatches.length - shown.length} more mismatches like these (--json lists every one)`)
      for (const note of i.notes) out.push(`     note: ${note}`)
    })
    out.push('')
  }
  const skipped = report.contracts.flatMap((c) => c.interactions.filter((i) => i.outcome === 'skipped'))
  if (skipped.length) out.push(`Skipped ${skipped.length}: see the skip lines above for the --state values or flags that would run them.`)
  const { passed, failed: f, skipped: s, total } = report.summary
  out.push(`${passed} passed, ${f} failed, ${s} skipped (${total} interactions, provider ${report.provider}, ${report.target})`)
  for (const warning of report.warnings ?? []) out.push(`warning: ${warning}`)
  return out.join('\n')
}
