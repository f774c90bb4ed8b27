/** Temporary files for a test file, removed after its tests (nothing is left in the system's tmp folder). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A fresh folder for this test file; call at module or describe level. `file(name)` is a path in it. */
export function tempFolder(prefix: string): { dir: string; file(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return { dir, file: (name) => join(dir, name) }
}
