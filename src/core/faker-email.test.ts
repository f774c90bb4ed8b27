import { en } from '@faker-js/faker'
import { describe, expect, it } from 'vitest'
import { createSeededFaker } from './faker.js'
import { fakeEmail } from './faker-email.js'

describe('fakeEmail', () => {
  it("gives faker.internet.email()'s addresses and leaves the faker where email() leaves it", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const ours = createSeededFaker(seed).faker
      const fakers = createSeededFaker(seed).faker
      for (let i = 0; i < 250; i++) {
        expect(fakeEmail(ours)).toBe(fakers.internet.email())
        expect(ours.git.commitMessage()).toBe(fakers.git.commitMessage())
      }
    }
  })

  it('relies on the locale spelling every name in ASCII', () => {
    const names = [...Object.values(en.person!.first_name!), ...Object.values(en.person!.last_name!)].flat()
    expect(names.length).toBeGreaterThan(1000)
    expect(names.filter((name) => /[^\x00-\x7f]/.test(name))).toEqual([])
  })
})
