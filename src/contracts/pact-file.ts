/** Reading pact files (V2–V4 HTTP interactions) and the parts of them a replay needs. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PactBody, PactFile, PactHttpPart, PactInteraction } from './types.js'

/** Parses and checks a pact document. */
export function parsePact(text: string, source: string): PactFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new RangeError(`${source} is not JSON: ${(err as Error).message}`)
  }
  const pact = json as Partial<PactFile>
  if (!pact || typeof pact !== 'object' || !Array.isArray(pact.interactions) || !pact.consumer?.name || !pact.provider?.name) {
    throw new RangeError(`${source} is not a pact file (it needs consumer.name, provider.name and interactions)`)
  }
  return pact as PactFile
}

/** Reads one pact file. */
export async function readPactFile(path: string): Promise<PactFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new RangeError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  return parsePact(text, path)
}

/** The `*.json` pact files of a folder whose provider name is `pactProvider`, sorted. */
export async function pactFilesIn(dir: string, pactProvider: string): Promise<string[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch (err) {
    throw new RangeError(`cannot read ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  const out: string[] = []
  for (const name of names) {
    const path = join(dir, name)
    try {
      if ((await readPactFile(path)).provider.name === pactProvider) out.push(path)
    } catch {
      // not a pact: ignore
    }
  }
  return out
}

/** Whether an interaction is a synchronous HTTP one (the only kind these APIs have). */
export function isHttpInteraction(interaction: PactInteraction): boolean {
  return !interaction.type || interaction.type === 'Synchronous/HTTP'
}

/** A header's values from a pact part, by case-insensitive name. */
export function headerValues(part: PactHttpPart, name: string): string[] | undefined {
  for (const [key, value] of Object.entries(part.headers ?? {})) {
    if (key.toLowerCase() === name.toLowerCase()) return Array.isArray(value) ? value.map(String) : [String(value)]
  }
  return undefined
}

/** A body as the contract gives it: present or not, its bytes as text, its content type and parsed JSON. */
export interface ExpectedBody {
  present: boolean
  text: string
  contentType?: string
  json?: { value: unknown }
}

const V4_BODY_KEYS = new Set(['content', 'contentType', 'contentTypeHint', 'encoded'])

/** A V4 body wrapper: `content` and only the wrapper's own keys (Pact writes an empty body as `{"content": ""}`). */
function isV4Body(body: unknown): body is PactBody {
  return !!body && typeof body === 'object' && !Array.isArray(body) && 'content' in body && Object.keys(body).every((k) => V4_BODY_KEYS.has(k))
}

/** Decodes a part's body (V4 `{content, contentType, encoded}` or a bare V2/V3 body). */
export function expectedBody(part: PactHttpPart): ExpectedBody {
  const body = part.body
  const headerType = headerValues(part, 'content-type')?.[0]
  if (body === undefined) return { present: false, text: '', contentType: headerType }
  if (isV4Body(body)) {
    const contentType = body.contentType ?? headerType
    if (body.encoded === 'base64' || body.encoded === true) {
      const text = Buffer.from(String(body.content ?? ''), 'base64').toString('utf8')
      return { present: true, text, contentType, json: tryJson(text, contentType) }
    }
    if (typeof body.content === 'string' && !isJsonType(contentType)) return { present: true, text: body.content, contentType }
    if (typeof body.content === 'string') return { present: true, text: body.content, contentType, json: tryJson(body.content, contentType) }
    return { present: true, text: JSON.stringify(body.content), contentType: contentType ?? 'application/json', json: { value: body.content } }
  }
  if (typeof body === 'string' && !isJsonType(headerType)) return { present: true, text: body, contentType: headerType }
  return { present: true, text: JSON.stringify(body), contentType: headerType ?? 'application/json', json: { value: body } }
}

function tryJson(text: string, contentType: string | undefined): { value: unknown } | undefined {
  if (!isJsonType(contentType)) return undefined
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/** `application/json`, `application/*+json`. */
export function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false
  const base = contentType.split(';')[0].trim().toLowerCase()
  return base === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(base)
}

/** The query of a part as name → values. */
export function queryOf(part: PactHttpPart): Array<[string, string[]]> {
  const q = part.query
  if (!q) return []
  if (typeof q === 'string') {
    const params = new URLSearchParams(q)
    return [...new Set(params.keys())].map((k) => [k, params.getAll(k)])
  }
  return Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]])
}
