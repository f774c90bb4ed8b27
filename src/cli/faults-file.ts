/**
 * `paasim serve --faults FILE`: fault rules and incidents to set up when the world is ready, from a
 * JSON or YAML file `{ rules: [...], incidents: [...] }`. Node and CLI only: the `yaml` package is
 * loaded here, never by the browser-safe graph.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { isSimError } from '../core/errors.js'
import type { FaultRuleInput } from '../faults/types.js'
import type { Simulation } from '../sim.js'

/** A faults file, read and checked at its top level (each rule is checked when added). */
export interface FaultsFile {
  path: string
  rules: FaultRuleInput[]
  /** Incidents as `sim.incidents.start` takes them (checked when started). */
  incidents: unknown[]
}

/** An error in a faults file: the message names the file and where in it. */
export class FaultsFileError extends Error {}

const TOP_LEVEL = ['rules', 'incidents']

/** Reads and parses `path` (`.yaml`/`.yml` as YAML, anything else as JSON, or YAML when it is not JSON). */
export async function readFaultsFile(path: string): Promise<FaultsFile> {
  const where = `--faults ${path}`
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new FaultsFileError(`${where}: cannot read it: ${(err as Error).message}`)
  }
  let data: unknown
  const ext = extname(path).toLowerCase()
  try {
    if (ext === '.json') data = JSON.parse(text)
    else {
      const { parse } = await import('yaml') // YAML 1.2 is a superset of JSON: any other file is read as YAML
      data = parse(text)
    }
  } catch (err) {
    throw new FaultsFileError(`${where}: not valid ${ext === '.json' ? 'JSON' : 'YAML or JSON'}: ${(err as Error).message.split('\n')[0]}`)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new FaultsFileError(`${where}: expected an object such as {"rules": [{"operationId": "apps.list", "status": 503}]}`)
  const unknown = Object.keys(data).filter((k) => !TOP_LEVEL.includes(k))
  if (unknown.length) throw new FaultsFileError(`${where}: unknown key ${JSON.stringify(unknown[0]).slice(0, 60)} (the file takes "rules" and "incidents")`)
  const { rules = [], incidents = [] } = data as { rules?: unknown; incidents?: unknown }
  if (!Array.isArray(rules)) throw new FaultsFileError(`${where}: "rules" must be a list of fault rules`)
  if (!Array.isArray(incidents)) throw new FaultsFileError(`${where}: "incidents" must be a list of incidents`)
  rules.forEach((rule, i) => {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw new FaultsFileError(`${where}: rules[${i}]: a fault rule is an object such as {"operationId": "apps.list", "status": 503}`)
  })
  return { path, rules: rules as FaultRuleInput[], incidents }
}

/**
 * Adds the file's rules to `sim` (its world ready), then starts its incidents in order. A refused
 * rule or incident is named by its index (`rules[2]`, `incidents[0]`) and the field at fault.
 */
export async function applyFaultsFile(sim: Simulation, file: FaultsFile): Promise<void> {
  file.rules.forEach((rule, i) => {
    try {
      sim.faults.add(rule)
    } catch (err) {
      throw new FaultsFileError(`--faults ${file.path}: rules[${i}] (${JSON.stringify(rule.operationId ?? null).slice(0, 60)}): ${(err as Error).message}`)
    }
  })
  for (const [i, incident] of file.incidents.entries()) {
    try {
      await sim.incidents.start(incident)
    } catch (err) {
      const message = isSimError(err) && err.message === err.code ? `${err.code} (an app, component or dyno this world does not have)` : (err as Error).message
      throw new FaultsFileError(`--faults ${file.path}: incidents[${i}]: ${message}`)
    }
  }
}
