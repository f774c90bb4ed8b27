/**
 * What a conformance run reads from the spec beyond response schemas: each operation's required
 * scopes, the enums of its query parameters, and its path template filled with real ids.
 */
import { decodePointer, encodePointer } from './normalize.js'
import { resolveNode, type LoadedSpec, type SpecOperation } from './spec.js'

/** An operation paasim serves, as its route table has it. */
export interface ServedOperation {
  operationId: string
  method: string
  path: string
}

/** The DigitalOcean operations paasim serves (its route table, without the unauthenticated log URLs). */
export async function servedOperations(): Promise<ServedOperation[]> {
  const { digitalOceanHttp } = await import('../providers/digitalocean/index.js')
  return digitalOceanHttp.routes.filter((r) => !r.public).map((r) => ({ operationId: r.operationId, method: r.method, path: r.path }))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Follows internal `$ref`s (as bundling leaves them) to the node they name. */
function follow(spec: LoadedSpec, node: unknown): unknown {
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#'); hops++) {
    node = resolveNode(spec, encodePointer(decodePointer(node.$ref.slice(1), true)))
  }
  return node
}

function operationNodes(spec: LoadedSpec, op: SpecOperation): { item: Record<string, unknown>; operation: Record<string, unknown> } {
  const item = follow(spec, resolveNode(spec, encodePointer(['paths', op.path])))
  const operation = isObject(item) ? follow(spec, item[op.method.toLowerCase()]) : undefined
  return { item: isObject(item) ? item : {}, operation: isObject(operation) ? operation : {} }
}

/** Scopes the operation's (or the document's) security requirement lists; `[]` when it names none. */
export function requiredScopes(spec: LoadedSpec, op: SpecOperation): string[] {
  const { operation } = operationNodes(spec, op)
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(spec.document.security) ? spec.document.security : []
  const scopes = new Set<string>()
  for (const requirement of security) {
    if (!isObject(requirement)) continue
    for (const list of Object.values(requirement)) if (Array.isArray(list)) for (const s of list) if (typeof s === 'string') scopes.add(s)
  }
  return [...scopes]
}

/** The `enum` of a query parameter's schema (operation-level over path-level), or `undefined`. */
export function queryEnum(spec: LoadedSpec, op: SpecOperation, name: string): string[] | undefined {
  const { item, operation } = operationNodes(spec, op)
  const params = [...(Array.isArray(operation.parameters) ? operation.parameters : []), ...(Array.isArray(item.parameters) ? item.parameters : [])]
  for (const raw of params) {
    const param = follow(spec, raw)
    if (!isObject(param) || param.in !== 'query' || param.name !== name) continue
    const schema = follow(spec, param.schema)
    return isObject(schema) && Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : undefined
  }
  return undefined
}

/** Fills a path template's `{name}` segments, or names the ones `params` lacks. */
export function fillPath(template: string, params: Record<string, string>): { path: string } | { missing: string[] } {
  const missing: string[] = []
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) missing.push(name)
    return encodeURIComponent(value ?? '')
  })
  return missing.length ? { missing } : { path }
}

/** `GET /v2/apps/{}`: method and path with the parameter names erased, to compare two route tables. */
export function routeShape(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '')}`
}
