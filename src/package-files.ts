/** Files of the installed package itself (Node only): from `src/`, `dist/src/` or a bundle in `dist/`. */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The absolute path of `relative` inside the package, or `undefined` when the package lacks it. */
export function packageFile(relative: string): string | undefined {
  for (const up of ['../', '../../', '../../../']) {
    const path = fileURLToPath(new URL(up + relative, import.meta.url))
    if (existsSync(path) && existsSync(fileURLToPath(new URL(`${up}package.json`, import.meta.url)))) return path
  }
  return undefined
}

/** The package's version from its `package.json` (`0.0.0` if it cannot be read). */
export function packageVersion(): string {
  const path = packageFile('package.json')
  try {
    return path ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}
