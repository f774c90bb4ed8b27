/**
 * JSON Pointer helpers and the few rewrites an OpenAPI 3.0 schema needs before a JSON Schema
 * validator (Ajv, draft-07) reads it. Ajv itself understands 3.0's `nullable` next to `type`.
 * @see https://spec.openapis.org/oas/v3.0.3#schema-object
 */

/** Splits a JSON Pointer into its unescaped tokens; `uriEncoded` for a `$ref` fragment (`%7Bid%7D`). */
export function decodePointer(pointer: string, uriEncoded = false): string[] {
  if (pointer === '') return []
  return pointer
    .split('/')
    .slice(1)
    .map((token) => unescapeToken(uriEncoded ? safeDecodeUri(token) : token))
}

/** Joins tokens into a raw RFC 6901 JSON Pointer (`/paths/~1v2~1apps/get`). */
export function encodePointer(tokens: readonly string[]): string {
  return tokens.map((token) => '/' + token.replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

/** Turns a raw JSON Pointer into a URI fragment (`#/paths/~1v2~1apps~1%7Bid%7D`) fit for `$ref`. */
export function toUriFragment(pointer: string): string {
  return '#' + pointer.split('/').map(encodeURIComponent).join('/')
}

/**
 * Rewrites, in place, the OpenAPI 3.0 schema forms that draft-07 reads differently:
 * - `exclusiveMinimum: true` + `minimum: n` (draft-04 style) becomes `exclusiveMinimum: n`;
 * - `nullable` on a schema without `type` is dropped: OAS 3.0.3 gives it no effect there, and
 *   Ajv would refuse to compile it.
 * The walk is generic (the bundled document is a tree: `$ref`s are strings, not cycles).
 */
export function normalizeOpenApi30(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalizeOpenApi30(item)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const schema = node as Record<string, unknown>
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound]
      delete schema[bound]
    } else {
      delete schema[exclusive]
    }
  }
  if (schema.nullable !== undefined && typeof schema.nullable === 'boolean' && schema.type === undefined) {
    delete schema.nullable
  }
  for (const value of Object.values(schema)) normalizeOpenApi30(value)
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function safeDecodeUri(token: string): string {
  try {
    return decodeURIComponent(token)
  } catch {
    return token
  }
}
