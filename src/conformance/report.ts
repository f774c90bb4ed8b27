/** What `paasim conformance` prints: a line per request, then coverage, violations, warnings and a summary. */
import type { ConformanceReport, Finding, Note, RequestRecord } from './types.js'

/** Exit code: 0 no violation, 1 violations, 2 the run could not complete (spec, connection, discovery). */
export function conformanceExitCode(report: ConformanceReport): 0 | 1 | 2 {
  if (report.error) return 2
  return report.violations.length ? 1 : 0
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length))

/** One progress line: mark, operation, case, status, and the number of violations. */
export function requestLine(r: RequestRecord): string {
  const mark = !r.ok ? 'FAIL' : r.warnings.length ? 'warn' : 'ok  '
  const tail = r.ok ? (r.warnings.length ? `  (${r.warnings.join('; ')})` : '') : `  ${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`
  return `  ${mark}  ${pad(r.operationId, 42)} ${pad(r.case, 52)} ${r.status || '---'}${tail}`
}

/** One violation: operation, case, status, where and path, message. */
export function findingLine(f: Finding): string {
  const place = f.where === 'header' ? `header ${f.path}` : f.where === 'body' ? `body ${f.path || '/'}` : f.where === 'route' ? `route ${f.path}` : 'status'
  return `  ${[f.operationId, `[${f.case}]`, f.status ? String(f.status) : '', place].filter(Boolean).join(' ')}: ${f.message} (${f.check})`
}

/** The first line: what is checked against what. */
export function headerLine(spec: string, target: string): string {
  return `paasim conformance: ${spec}\n  against ${target}`
}

/** Coverage, violations, warnings, skips and the counts, after the request lines. */
export function formatSummary(report: ConformanceReport): string {
  if (report.error && report.requests.length === 0) return ''
  const out: string[] = ['']
  const s = report.summary
  out.push(`not covered (in the spec, not served by paasim): ${report.notCovered.length ? report.notCovered.join(', ') : 'none'}`)
  if (report.notInSpec.length) out.push(`not in the spec (served by paasim, not exercised): ${report.notInSpec.join(', ')}`)
  if (report.violations.length) {
    out.push('', `violations (${report.violations.length}):`)
    for (const f of report.violations) out.push(findingLine(f))
    out.push('', 'violations by operation and place:', ...byPlace(report.violations))
  }
  if (report.warnings.length) out.push('', `warnings (${report.warnings.length}; not violations):`, ...grouped(report.warnings))
  if (report.skipped.length) out.push('', `skipped (${report.skipped.length}):`, ...grouped(report.skipped))
  out.push(
    '',
    `${s.requests} requests, ${s.operations.exercised} of ${s.operations.inSpec} operations exercised (${s.operations.notCovered} not covered), ` +
      `${s.violations} violations, ${s.warnings} warnings, ${s.skipped} skipped in ${(s.durationMs / 1000).toFixed(1)} s — ${report.ok ? 'OK' : report.error ? 'ERROR' : 'FAILED'}`,
  )
  return out.join('\n')
}

/** Notes folded by message: "status 400 is only covered by … (12×: apps_get_logs, …)". */
function grouped(notes: Note[]): string[] {
  const byMessage = new Map<string, { count: number; ops: Set<string> }>()
  for (const n of notes) {
    const entry = byMessage.get(n.message) ?? { count: 0, ops: new Set<string>() }
    entry.count++
    if (n.operationId) entry.ops.add(n.operationId)
    byMessage.set(n.message, entry)
  }
  return [...byMessage].map(([message, { count, ops }]) => `  ${message}${count > 1 || ops.size ? ` (${count}×${ops.size ? `: ${[...ops].join(', ')}` : ''})` : ''}`)
}

/** Violations counted by operation and place, with array indices folded to a star. */
function byPlace(findings: Finding[]): string[] {
  const counts = new Map<string, number>()
  for (const f of findings) {
    const key = `  ${f.operationId} ${f.where === 'status' ? 'status' : `${f.where} ${f.path.replace(/\/\d+(?=\/|$)/g, '/*') || '/'}`}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`)
}
