import { expect, it } from 'vitest'
import { Journal } from './journal.js'

const entry = (n: number) => ({ at: `t${n}`, provider: n % 2 ? 'akkeris' : 'digitalocean', operationId: `op${n % 3}`, method: 'GET', path: `/${n}`, status: 200 })

it('keeps the newest entries in order once full, and filters', () => {
  const journal = new Journal(4)
  for (let n = 1; n <= 6; n++) journal.record(entry(n))
  expect(journal.list().map((e) => e.path)).toEqual(['/3', '/4', '/5', '/6'])
  expect(journal.list({ provider: 'akkeris' }).map((e) => e.path)).toEqual(['/3', '/5'])
  expect(journal.list({ operationId: 'op0' }).map((e) => e.path)).toEqual(['/3', '/6'])
  journal.clear()
  expect(journal.list()).toEqual([])
  journal.record(entry(7))
  expect(journal.list().map((e) => e.path)).toEqual(['/7'])
})
