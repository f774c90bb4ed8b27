import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('.', import.meta.url))
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))

describe('house rules for the DigitalOcean producers', () => {
  it.each(sources)('%s takes no entropy or time from the environment', (file) => {
    const text = readFileSync(dir + file, 'utf8')
    expect(text).not.toMatch(/Math\.random|Date\.now|new Date\(\s*\)|performance\.now|@faker-js/)
  })

  it.each(sources)('%s stays under 300 lines', (file) => {
    expect(readFileSync(dir + file, 'utf8').split('\n').length).toBeLessThan(300)
  })
})
