/** Response conformance against an OpenAPI description: the library behind `paasim conformance`. */
export { loadSpec, isJsonMediaType, resolveNode } from './spec.js'
export type { LoadedSpec, SpecOperation, SpecResponse, SpecHeader } from './spec.js'
export { validateResponse, documentedResponseKey } from './validate.js'
export type { Violation, ObservedResponse } from './validate.js'
export { compilerFor } from './compile.js'
export type { SchemaCompiler, SchemaCheck } from './compile.js'
