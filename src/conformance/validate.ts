/**
 * Checks one observed HTTP response against the operation the spec documents: its status, its
 * declared headers and its JSON body. The library half of `paasim conformance --spec FILE`.
 */
import type { ErrorObject } from 'ajv'
import { compilerFor, type SchemaCheck } from './compile.js'
import { encodePointer } from './normalize.js'
import { resolveNode, type LoadedSpec, type SpecOperation, type SpecResponse } from './spec.js'

/** One way an observed response departs from the spec. `path` is a JSON Pointer into the body, or a header name. */
export interface Violation {
  operationId: string
  status: number
  where: 'status' | 'header' | 'body'
  path: string
  message: string
}

/** A response as seen on the wire; `body` is parsed JSON, or the raw text (parsed here when JSON is documented). */
export interface ObservedResponse {
  status: number
  headers: Headers | Record<string, string>
  body: unknown
}

/**
 * Validate one observed response against the spec operation: status documented (or default),
 * required headers present and matching schema, JSON body matches the response schema.
 * Throws when `operationId` is not in the spec (check `spec.operations.has` first).
 */
export function validateResponse(spec: LoadedSpec, operationId: string, observed: ObservedResponse): Violation[] {
  const operation = spec.operations.get(operationId)
  if (!operation) throw new Error(`operationId ${JSON.stringify(operationId)} is not in ${spec.file}`)
  const violations: Violation[] = []
  const report = (where: Violation['where'], path: string, message: string) => {
    const duplicate = violations.some((v) => v.where === where && v.path === path && v.message === message)
    if (!duplicate) violations.push({ operationId, status: observed.status, where, path, message })
  }

  const key = documentedResponseKey(operation, observed.status)
  if (key === undefined) {
    const documented = Object.keys(operation.responses).join(', ') || 'none'
    report('status', '', `status ${observed.status} is not documented for ${operation.method} ${operation.path} (documented: ${documented})`)
    return violations
  }
  const response = operation.responses[key]!
  const headers = toHeaderMap(observed.headers)
  const compiler = compilerFor(spec)

  for (const [name, header] of Object.entries(response.headers)) {
    const value = headers.get(name)
    if (value === undefined) {
      if (header.required) report('header', name, `required header ${name} is missing`)
      continue
    }
    if (header.schemaRef === undefined) continue
    const wire = isArraySchema(resolveNode(spec, header.schemaRef)) ? value.split(/\s*,\s*/) : value
    for (const { message } of describe(compiler.checkHeader(header.schemaRef, wire), value)) {
      report('header', name, `${message.replace(/ \(got .*$/, '')} (got ${JSON.stringify(value)})`)
    }
  }

  const contentType = headers.get('content-type')
  if (contentType !== undefined && response.contentTypes.length > 0 && hasBody(observed.body)) {
    if (!response.contentTypes.some((documented) => mediaTypeMatches(documented, contentType))) {
      report('header', 'content-type', `content-type ${contentType} is not one the spec documents (${response.contentTypes.join(', ')})`)
    }
  }

  checkBody(spec, response, observed.body, report)
  return violations
}

function checkBody(
  spec: LoadedSpec,
  response: SpecResponse,
  body: unknown,
  report: (where: 'body', path: string, message: string) => void,
): void {
  if (response.contentTypes.length === 0) {
    if (hasBody(body)) report('body', '', 'the spec documents no body for this status, but one was sent')
    return
  }
  if (response.jsonSchemaRef === undefined) return
  let value = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      report('body', '', `expected a JSON body, got ${body === '' ? 'an empty body' : JSON.stringify(body.slice(0, 80))}`)
      return
    }
  } else if (body === undefined) {
    report('body', '', 'expected a JSON body, got none')
    return
  }
  for (const { path, message } of describe(compilerFor(spec).checkBody(response.jsonSchemaRef, value), value)) {
    report('body', path, message)
  }
}

/** The spec's response key that covers `status`: exact (`404`), then range (`4XX`), then `default`. */
export function documentedResponseKey(operation: SpecOperation, status: number): string | undefined {
  const keys = Object.keys(operation.responses)
  const exact = keys.find((k) => k === String(status))
  if (exact) return exact
  const range = keys.find((k) => k.toUpperCase() === `${String(status)[0]}XX`)
  if (range) return range
  return keys.find((k) => k === 'default')
}

function describe(check: SchemaCheck, data: unknown): { path: string; message: string }[] {
  if (check.ok) return []
  if ('compileError' in check) {
    return [{ path: '', message: `the spec's schema could not be compiled, so this was not checked: ${check.compileError}` }]
  }
  // A failed oneOf/anyOf also reports every branch's own failure: fold those into one line.
  const combinators = check.errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
  const combinatorOf = (e: ErrorObject) => combinators.find((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`))
  const out: { path: string; message: string }[] = []
  for (const error of check.errors) {
    if (combinatorOf(error)) continue
    const { path, message, got } = describeError(error, data)
    const branches = check.errors.filter((e) => combinatorOf(e) === error).map((e) => describeError(e, data))
    const reasons = [...new Set(branches.map((b) => (b.path === path ? b.message : `${b.path} ${b.message}`)))]
    if (reasons.length > 0) {
      out.push({ path, message: `${message} (got ${typeName(valueAt(data, path))}): ${reasons.join(' | ')}` })
    } else {
      out.push({ path, message: got === undefined ? message : `${message} (got ${got})` })
    }
  }
  return out
}

function describeError(error: ErrorObject, data: unknown): { path: string; message: string; got?: string } {
  const params = error.params as Record<string, unknown>
  const path = error.instancePath
  const message = error.message ?? error.keyword
  switch (error.keyword) {
    case 'required':
      return { path: path + encodePointer([String(params.missingProperty)]), message: 'is required but missing' }
    case 'additionalProperties':
      return { path: path + encodePointer([String(params.additionalProperty)]), message: 'is not allowed (additionalProperties)' }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((v) => JSON.stringify(v)).join(', ') : ''
      return { path, message: `${message}: ${allowed}`, got: JSON.stringify(valueAt(data, path)) }
    }
    case 'type':
      return { path, message, got: typeName(valueAt(data, path)) }
    case 'format':
    case 'pattern':
    case 'const':
      return { path, message, got: JSON.stringify(valueAt(data, path)) }
    default:
      return { path, message }
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data
  for (const token of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return node
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && Number.isInteger(value)) return `integer ${value}`
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${JSON.stringify(value)}`
  }
  return typeof value
}

function toHeaderMap(headers: Headers | Record<string, string>): Map<string, string> {
  const map = new Map<string, string>()
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    ;(headers as Headers).forEach((value, name) => map.set(name.toLowerCase(), value))
  } else {
    for (const [name, value] of Object.entries(headers)) map.set(name.toLowerCase(), String(value))
  }
  return map
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  const [wantType, wantSub] = essence(documented).split('/')
  const [gotType, gotSub] = essence(actual).split('/')
  if (wantType === '*') return true
  if (wantType !== gotType) return false
  return wantSub === '*' || wantSub === gotSub
}

function essence(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase()
}

function hasBody(body: unknown): boolean {
  return body !== undefined && body !== null && body !== ''
}

function isArraySchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'array'
}
