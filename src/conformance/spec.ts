/**
 * Loads an OpenAPI 3.x description into an index of operations and their documented responses,
 * for checking a simulator's responses against it (`paasim conformance --spec FILE`).
 * @see https://spec.openapis.org/oas/v3.0.3#responses-object
 */
import { resolve as resolvePath } from 'node:path'
import { $RefParser } from '@apidevtools/json-schema-ref-parser'
import type { FileInfo } from '@apidevtools/json-schema-ref-parser'
import { parse as parseYaml } from 'yaml'
import { decodePointer, encodePointer, normalizeOpenApi30 } from './normalize.js'

/** A response header as documented; `schemaRef` is a pointer into {@link LoadedSpec.document}. */
export interface SpecHeader {
  required: boolean
  schema?: unknown
  schemaRef?: string
}

/** One documented response of an operation; `jsonSchemaRef` points into {@link LoadedSpec.document}. */
export interface SpecResponse {
  headers: Record<string, SpecHeader>
  /** Media types the spec lists for this response (empty when it documents no body). */
  contentTypes: string[]
  jsonSchema?: unknown
  jsonSchemaRef?: string
}

/** One operation, keyed in the spec by its verbatim `operationId`. */
export interface SpecOperation {
  operationId: string
  method: string
  path: string
  /** Keyed by the spec's own status keys: `'200'`, `'4XX'`, `'default'`. */
  responses: Record<string, SpecResponse>
}

/** A parsed, `$ref`-bundled OpenAPI description and its operation index. */
export interface LoadedSpec {
  file: string
  /** The document's `openapi` field, e.g. `3.0.0`. */
  openapi: string
  /** The whole description with every external `$ref` inlined; internal `$ref`s stay pointers. */
  document: Record<string, unknown>
  operations: Map<string, SpecOperation>
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** Parses YAML with the `yaml` package (YAML 1.2 core schema: timestamps stay strings). */
const yamlParser = {
  order: 100,
  allowEmpty: false,
  canParse: ['.yaml', '.yml', '.json'],
  parse(file: FileInfo): unknown {
    const data = file.data as unknown
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : data
    return typeof text === 'string' ? parseYaml(text) : text
  },
}

/** Reads an OpenAPI 3.0/3.1 file (YAML or JSON), inlines relative-file `$ref`s and indexes its operations. */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  const absolute = resolvePath(file)
  const parser = new $RefParser()
  // Remote refs are not fetched: a conformance run must be reproducible offline.
  const bundled = (await parser.bundle(absolute, {
    parse: { yaml: yamlParser },
    resolve: { http: false },
  })) as Record<string, unknown>
  const openapi = typeof bundled.openapi === 'string' ? bundled.openapi : ''
  if (!/^3\.[01]\./.test(openapi)) {
    throw new Error(`${file}: expected an OpenAPI 3.0 or 3.1 description, found openapi: ${JSON.stringify(bundled.openapi ?? bundled.swagger)}`)
  }
  if (openapi.startsWith('3.0.')) normalizeOpenApi30(bundled)
  return { file: absolute, openapi, document: bundled, operations: indexOperations(bundled) }
}

/** The schema (or other node) at `pointer` in the spec's document, with `$ref` chains followed. */
export function resolveNode(spec: LoadedSpec, pointer: string): unknown {
  return deref(spec.document, lookup(spec.document, pointer), pointer).value
}

interface Located {
  value: unknown
  pointer: string
}

/** Follows `$ref` chains (internal only, as left by bundling) to the object they name. */
function deref(doc: unknown, value: unknown, pointer: string): Located {
  let current: Located = { value, pointer }
  for (let hops = 0; hops < 64; hops++) {
    const ref = isObject(current.value) ? current.value.$ref : undefined
    if (typeof ref !== 'string') return current
    if (!ref.startsWith('#')) throw new Error(`unresolved external $ref ${ref} at ${pointer}`)
    const target = encodePointer(decodePointer(ref.slice(1), true))
    current = { value: lookup(doc, target), pointer: target }
  }
  throw new Error(`$ref chain too long at ${pointer}`)
}

function lookup(doc: unknown, pointer: string): unknown {
  let node = doc
  for (const token of decodePointer(pointer)) {
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`$ref #${pointer} does not resolve`)
    node = (node as Record<string, unknown>)[token]
  }
  if (node === undefined) throw new Error(`$ref #${pointer} does not resolve`)
  return node
}

function indexOperations(doc: Record<string, unknown>): Map<string, SpecOperation> {
  const operations = new Map<string, SpecOperation>()
  const paths = isObject(doc.paths) ? doc.paths : {}
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem, encodePointer(['paths', path]))
    if (!isObject(item.value)) continue
    for (const method of METHODS) {
      const op = item.value[method]
      if (!isObject(op) || typeof op.operationId !== 'string') continue
      const base = `${item.pointer}/${method}`
      const duplicate = operations.get(op.operationId)
      if (duplicate) {
        throw new Error(`operationId ${op.operationId} is used by ${duplicate.method} ${duplicate.path} and ${method.toUpperCase()} ${path}`)
      }
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        responses: indexResponses(doc, op.responses, `${base}/responses`),
      })
    }
  }
  return operations
}

function indexResponses(doc: unknown, responses: unknown, pointer: string): Record<string, SpecResponse> {
  const out: Record<string, SpecResponse> = {}
  if (!isObject(responses)) return out
  for (const [status, raw] of Object.entries(responses)) {
    const response = deref(doc, raw, `${pointer}/${encodeToken(status)}`)
    if (!isObject(response.value)) continue
    const content = isObject(response.value.content) ? response.value.content : {}
    const contentTypes = Object.keys(content)
    const json = contentTypes.find(isJsonMediaType) ?? contentTypes.find((type) => type.includes('*'))
    const entry: SpecResponse = {
      headers: indexHeaders(doc, response.value.headers, `${response.pointer}/headers`),
      contentTypes,
    }
    const media = json === undefined ? undefined : content[json]
    if (isObject(media) && media.schema !== undefined) {
      entry.jsonSchema = media.schema
      entry.jsonSchemaRef = `${response.pointer}/content/${encodeToken(json!)}/schema`
    }
    out[status] = entry
  }
  return out
}

function indexHeaders(doc: unknown, headers: unknown, pointer: string): Record<string, SpecHeader> {
  const out: Record<string, SpecHeader> = {}
  if (!isObject(headers)) return out
  for (const [name, raw] of Object.entries(headers)) {
    // OAS: a response header named Content-Type is ignored; the media type map describes it.
    if (name.toLowerCase() === 'content-type') continue
    const header = deref(doc, raw, `${pointer}/${encodeToken(name)}`)
    if (!isObject(header.value)) continue
    const entry: SpecHeader = { required: header.value.required === true }
    if (header.value.schema !== undefined) {
      entry.schema = header.value.schema
      entry.schemaRef = `${header.pointer}/schema`
    } else if (isObject(header.value.content)) {
      // A header may instead carry a one-entry `content` map.
      const [mediaType, media] = Object.entries(header.value.content)[0] ?? []
      if (isObject(media) && media.schema !== undefined) {
        entry.schema = media.schema
        entry.schemaRef = `${header.pointer}/content/${encodeToken(mediaType!)}/schema`
      }
    }
    out[name.toLowerCase()] = entry
  }
  return out
}

/** True for `application/json`, `application/problem+json`, `application/json; charset=utf-8` and the like. */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaType.split(';')[0]!.trim().toLowerCase()
  return essence === 'application/json' || essence.endsWith('+json')
}

function encodeToken(token: string): string {
  return encodePointer([token]).slice(1)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
