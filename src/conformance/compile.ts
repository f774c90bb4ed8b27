/**
 * Compiles the spec's schemas with Ajv, once each: the whole bundled document is registered as
 * one schema and each response or header schema is compiled as a `$ref` into it, so internal
 * (even circular) `$ref`s resolve the way the spec wrote them.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'
import type { LoadedSpec } from './spec.js'
import { toUriFragment } from './normalize.js'

const DOCUMENT_ID = 'paasim-openapi-document.json'

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as unknown as (
  ajv: Ajv,
) => Ajv

/** The outcome of checking one value: Ajv's errors, or a message when the spec's schema would not compile. */
export type SchemaCheck = { ok: true } | { ok: false; errors: ErrorObject[] } | { ok: false; compileError: string }

/** Lazily built validators for one loaded spec. */
export interface SchemaCompiler {
  /** Checks a parsed JSON body, with no type coercion. */
  checkBody(pointer: string, value: unknown): SchemaCheck
  /** Checks a header's wire string, coerced to the schema's type first (`"5000"` → 5000). */
  checkHeader(pointer: string, value: string | string[]): SchemaCheck
  /** Format names the spec uses that no validator knows; they are accepted unchecked. */
  ignoredFormats: string[]
}

const compilers = new WeakMap<LoadedSpec, SchemaCompiler>()

/** The compiler for `spec`, created on first use and kept for the spec's lifetime. */
export function compilerFor(spec: LoadedSpec): SchemaCompiler {
  let compiler = compilers.get(spec)
  if (!compiler) {
    compiler = createCompiler(spec)
    compilers.set(spec, compiler)
  }
  return compiler
}

function createCompiler(spec: LoadedSpec): SchemaCompiler {
  const ignoredFormats: string[] = []
  const makeAjv = (coerce: boolean): Ajv => {
    const options: Options = {
      // The document is an OpenAPI description, not a pure schema: `paths`, `example`, `x-*` and
      // friends are annotations here, not errors.
      strict: false,
      allErrors: true,
      // OpenAPI patterns are ECMA-262 regexes without the `u` flag.
      unicodeRegExp: false,
      coerceTypes: coerce ? 'array' : false,
      logger: false,
    }
    const ajv = spec.openapi.startsWith('3.1.') ? new Ajv2020(options) : new Ajv(options)
    addFormats(ajv)
    for (const name of collectFormats(spec.document)) {
      if (ajv.formats[name] !== undefined) continue
      ajv.addFormat(name, true)
      if (!coerce) ignoredFormats.push(name)
    }
    ajv.addSchema(spec.document, DOCUMENT_ID)
    return ajv
  }
  const bodyAjv = makeAjv(false)
  let headerAjv: Ajv | undefined
  const bodies = new Map<string, ValidateFunction | string>()
  const headers = new Map<string, ValidateFunction | string>()
  const compileCached = (cache: Map<string, ValidateFunction | string>, ajv: Ajv, schema: object, key: string) => {
    let entry = cache.get(key)
    if (entry === undefined) {
      try {
        entry = ajv.compile(schema)
      } catch (err) {
        entry = err instanceof Error ? err.message : String(err)
      }
      cache.set(key, entry)
    }
    return entry
  }
  const run = (validate: ValidateFunction | string, data: unknown): SchemaCheck => {
    if (typeof validate === 'string') return { ok: false, compileError: validate }
    return validate(data) ? { ok: true } : { ok: false, errors: validate.errors ?? [] }
  }
  return {
    ignoredFormats,
    checkBody(pointer, value) {
      return run(compileCached(bodies, bodyAjv, { $ref: DOCUMENT_ID + toUriFragment(pointer) }, pointer), value)
    },
    checkHeader(pointer, value) {
      headerAjv ??= makeAjv(true)
      // Ajv coerces a value in place through its parent, so the header is wrapped in an object.
      const schema = { type: 'object', properties: { value: { $ref: DOCUMENT_ID + toUriFragment(pointer) } } }
      const result = run(compileCached(headers, headerAjv, schema, pointer), { value })
      if (result.ok || !('errors' in result)) return result
      return { ok: false, errors: result.errors.map((e) => ({ ...e, instancePath: e.instancePath.replace(/^\/value/, '') })) }
    },
  }
}

/** Every `format` value in the document (a generic walk: the bundled document is a tree). */
function collectFormats(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, found)
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value)
      else collectFormats(value, found)
    }
  }
  return found
}
