import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compilerFor, documentedResponseKey, loadSpec, validateResponse, type LoadedSpec } from './index.js'

const DO_SPEC = fileURLToPath(
  new URL('../../spec/digitalocean/apps.openapi.yaml', import.meta.url),
)
const RATE_HEADERS = { 'ratelimit-limit': '5000', 'ratelimit-remaining': '4999', 'ratelimit-reset': '1767225600' }
const JSON_HEADERS = { ...RATE_HEADERS, 'content-type': 'application/json; charset=utf-8' }

describe('the DigitalOcean spec', () => {
  let spec: LoadedSpec
  beforeAll(async () => {
    spec = await loadSpec(DO_SPEC)
  })

  it('indexes every operation with its method, path and responses', () => {
    expect(spec.openapi).toBe('3.0.0')
    expect(spec.operations.size).toBe(28)
    expect(spec.operations.get('apps_get_logs_aggregate')).toMatchObject({
      method: 'GET',
      path: '/v2/apps/{app_id}/deployments/{deployment_id}/logs',
    })
    expect(spec.operations.get('apps_list_metrics_bandwidth_daily')).toMatchObject({
      method: 'POST',
      path: '/v2/apps/metrics/bandwidth_daily',
    })
    const restarts = spec.operations.get('monitoring_get_appRestartCountMetrics.yml')
    expect(restarts?.path).toBe('/v2/monitoring/metrics/apps/restart_count')
    expect(Object.keys(restarts!.responses)).toEqual(['200', '401', '429', '500', 'default'])
    const ok = spec.operations.get('apps_get')!.responses['200']!
    expect(ok.contentTypes).toEqual(['application/json'])
    expect(ok.headers['ratelimit-reset']).toMatchObject({ required: false, schema: { type: 'integer' } })
  })

  it('accepts a logs body with live_url and historic_urls', () => {
    const body = { live_url: 'http://127.0.0.1:4010/live?token=t', historic_urls: ['http://127.0.0.1:4010/h/1.log'] }
    expect(validateResponse(spec, 'apps_get_logs_aggregate', { status: 200, headers: JSON_HEADERS, body })).toEqual([])
    const text = JSON.stringify(body)
    expect(validateResponse(spec, 'apps_get_logs_aggregate', { status: 200, headers: new Headers(JSON_HEADERS), body: text })).toEqual([])
  })

  it('points at the offending value when a body has the wrong type', () => {
    const violations = validateResponse(spec, 'apps_get_logs_aggregate', {
      status: 200,
      headers: JSON_HEADERS,
      body: { live_url: 42, historic_urls: ['ok', 7] },
    })
    // Ajv reports in the schema's property order, which lists historic_urls first.
    expect(violations).toEqual([
      expect.objectContaining({ where: 'body', path: '/historic_urls/1', message: 'must be string (got integer 7)' }),
      expect.objectContaining({ where: 'body', path: '/live_url', message: 'must be string (got integer 42)' }),
    ])
    expect(violations[0]).toMatchObject({ operationId: 'apps_get_logs_aggregate', status: 200 })
  })

  it('names a missing required field by its own path', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { app_component: 'web' } }] } }
    const violations = validateResponse(spec, 'monitoring_get_appRestartCountMetrics.yml', { status: 200, headers: JSON_HEADERS, body })
    expect(violations).toEqual([
      expect.objectContaining({ where: 'body', path: '/data/result/0/values', message: 'is required but missing' }),
    ])
  })

  it('folds the branches of a failed oneOf into one violation', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1767225600.5, '1']] }] } }
    const violations = validateResponse(spec, 'monitoring_get_appMemoryPercentageMetrics', { status: 200, headers: {}, body })
    expect(violations).toEqual([
      expect.objectContaining({
        path: '/data/result/0/values/0/0',
        message: 'must match exactly one schema in oneOf (got number 1767225600.5): must be integer | must be string',
      }),
    ])
  })

  it('lists the allowed values when an enum does not match', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [] } }
    const [violation] = validateResponse(spec, 'monitoring_get_appCPUPercentageMetrics', { status: 200, headers: {}, body })
    expect(violation).toMatchObject({ path: '/data/resultType' })
    expect(violation!.message).toContain('"matrix"')
    expect(violation!.message).toContain('(got "vector")')
  })

  it('accepts the {id, message, request_id} error body on a 401 and checks it', () => {
    const body = { id: 'unauthorized', message: 'Unable to authenticate you.', request_id: 'a1b2c3' }
    expect(validateResponse(spec, 'apps_get_logs_aggregate', { status: 401, headers: JSON_HEADERS, body })).toEqual([])
    const missing = validateResponse(spec, 'apps_get', { status: 401, headers: JSON_HEADERS, body: { id: 'unauthorized' } })
    expect(missing).toEqual([expect.objectContaining({ where: 'body', path: '/message', message: 'is required but missing' })])
  })

  it('lets an otherwise undocumented status fall back to `default`, and checks it against that', () => {
    const op = spec.operations.get('apps_list')!
    expect(documentedResponseKey(op, 404)).toBe('default')
    expect(documentedResponseKey(op, 200)).toBe('200')
    const body = { id: 'forbidden', message: 'You do not have access for the attempted action.' }
    expect(validateResponse(spec, 'apps_list', { status: 403, headers: JSON_HEADERS, body })).toEqual([])
    expect(validateResponse(spec, 'apps_list', { status: 403, headers: JSON_HEADERS, body: 'Forbidden' })).toEqual([
      expect.objectContaining({ where: 'body', path: '', message: 'expected a JSON body, got "Forbidden"' }),
    ])
  })

  it('coerces header strings to the header schema type before validating', () => {
    const body = { id: 'too_many_requests', message: 'API Rate limit exceeded.' }
    expect(validateResponse(spec, 'apps_get', { status: 429, headers: new Headers(RATE_HEADERS), body })).toEqual([])
    const bad = validateResponse(spec, 'apps_get', {
      status: 429,
      headers: { 'RateLimit-Limit': 'lots', 'ratelimit-remaining': '0', 'ratelimit-reset': '1767225600.5' },
      body,
    })
    expect(bad).toEqual([
      expect.objectContaining({ where: 'header', path: 'ratelimit-limit', message: 'must be integer (got "lots")' }),
      expect.objectContaining({ where: 'header', path: 'ratelimit-reset', message: 'must be integer (got "1767225600.5")' }),
    ])
    // None of the ratelimit-* headers is declared `required`, so their absence is no violation.
    expect(validateResponse(spec, 'apps_get', { status: 429, headers: {}, body })).toEqual([])
  })

  it('flags a content-type the spec does not document', () => {
    const body = { id: 'server_error', message: 'Unexpected server-side error' }
    expect(validateResponse(spec, 'apps_get', { status: 500, headers: { 'content-type': 'text/plain' }, body })).toEqual([
      expect.objectContaining({ where: 'header', path: 'content-type' }),
    ])
  })

  it('compiles each schema once and refuses unknown operations', () => {
    expect(compilerFor(spec)).toBe(compilerFor(spec))
    expect(compilerFor(spec).ignoredFormats).toEqual(['uint32', 'uint64'])
    expect(() => validateResponse(spec, 'apps_delete', { status: 200, headers: {}, body: {} })).toThrow(/apps_delete/)
  })
})

describe('a small spec with file refs, required headers and no default', () => {
  let dir: string
  let spec: LoadedSpec
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paasim-conformance-'))
    await mkdir(join(dir, 'schemas'))
    await writeFile(join(dir, 'schemas', 'thing.yaml'), THING_YAML)
    await writeFile(join(dir, 'api.yaml'), API_YAML)
    spec = await loadSpec(join(dir, 'api.yaml'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const good = { id: '5f0c8a4e-2d9b-4c41-9a51-3f4d2b6c7e10', at: '2026-01-01T00:00:00.123456789Z', note: null, size: 1, tag: 'x' }
  const headers = { 'x-request-id': 'r-1', 'content-type': 'application/json' }

  it('resolves relative file refs and accepts a good body', () => {
    expect(spec.operations.get('things_get')).toMatchObject({ method: 'GET', path: '/things/{id}' })
    expect(spec.operations.get('things_get')!.responses['200']!.headers['x-request-id']!.required).toBe(true)
    expect(validateResponse(spec, 'things_get', { status: 200, headers, body: good })).toEqual([])
  })

  it('fails a status that is neither documented nor covered by default', () => {
    expect(validateResponse(spec, 'things_get', { status: 500, headers, body: good })).toEqual([
      expect.objectContaining({ where: 'status', status: 500, message: expect.stringContaining('documented: 200, 4XX') }),
    ])
    expect(validateResponse(spec, 'things_get', { status: 404, headers, body: { error: 'no' } })).toEqual([])
  })

  it('reports a missing required header', () => {
    expect(validateResponse(spec, 'things_get', { status: 200, headers: {}, body: good })).toEqual([
      expect.objectContaining({ where: 'header', path: 'x-request-id', message: 'required header x-request-id is missing' }),
    ])
  })

  it('applies nullable, exclusiveMinimum, formats and additionalProperties', () => {
    const bad = { ...good, id: 'not-a-uuid', at: 'yesterday', size: 0, extra: true }
    const paths = validateResponse(spec, 'things_get', { status: 200, headers, body: bad }).map((v) => v.path)
    expect(paths.sort()).toEqual(['/at', '/extra', '/id', '/size'])
    // `tag` has an unknown format (ignored) and `note` is nullable; a non-string note still fails.
    const note = validateResponse(spec, 'things_get', { status: 200, headers, body: { ...good, note: 3 } })
    expect(note).toEqual([expect.objectContaining({ path: '/note' })])
  })

  it('reads OpenAPI 3.1 schemas as JSON Schema 2020-12', async () => {
    await writeFile(join(dir, 'v31.json'), JSON.stringify(V31))
    const v31 = await loadSpec(join(dir, 'v31.json'))
    expect(validateResponse(v31, 'ping', { status: 200, headers: {}, body: { at: null } })).toEqual([])
    expect(validateResponse(v31, 'ping', { status: 200, headers: {}, body: { at: 5 } })).toEqual([
      expect.objectContaining({ path: '/at' }),
    ])
  })

  it('rejects a body on a response that documents none', () => {
    expect(validateResponse(spec, 'things_delete', { status: 204, headers: {}, body: '' })).toEqual([])
    expect(validateResponse(spec, 'things_delete', { status: 204, headers: {}, body: { ok: true } })).toEqual([
      expect.objectContaining({ where: 'body', message: expect.stringContaining('documents no body') }),
    ])
  })
})

const API_YAML = `
openapi: 3.0.3
info: { title: things, version: "1" }
paths:
  /things/{id}:
    get:
      operationId: things_get
      responses:
        "200":
          description: ok
          headers:
            X-Request-Id:
              $ref: "#/components/headers/request-id"
          content:
            application/json:
              schema:
                $ref: "./schemas/thing.yaml#/Thing"
        4XX:
          description: client error
          content:
            application/json:
              schema: { type: object, required: [error], properties: { error: { type: string } } }
    delete:
      operationId: things_delete
      responses:
        "204":
          description: gone
components:
  headers:
    request-id:
      required: true
      schema: { type: string, minLength: 1 }
`

const THING_YAML = `
Thing:
  type: object
  additionalProperties: false
  required: [id, at]
  properties:
    id: { type: string, format: uuid }
    at: { type: string, format: date-time }
    note: { type: string, nullable: true, example: hello }
    size: { type: integer, minimum: 0, exclusiveMinimum: true }
    tag: { type: string, format: x-house-format }
`

const V31 = {
  openapi: '3.1.0',
  info: { title: 'ping', version: '1' },
  paths: {
    '/ping': {
      get: {
        operationId: 'ping',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Ping' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: { Ping: { type: 'object', properties: { at: { type: ['string', 'null'], format: 'date-time' } } } },
  },
}
