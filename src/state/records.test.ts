import { Collection } from '@msw/data'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { insertRecord } from './records.js'

const schema = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()), count: z.number().int().min(0) })

afterEach(() => vi.restoreAllMocks())

describe('insertRecord', () => {
  it('stores what create() would store, as a record the collection can find, update and delete', async () => {
    const inserted = new Collection({ schema })
    const created = new Collection({ schema })
    const values = () => ({ id: 'a1', name: 'api', tags: ['x'], count: 2 })
    const record = await insertRecord(inserted, values())
    const reference = await created.create(values())
    expect(JSON.stringify(record)).toBe(JSON.stringify(reference))
    expect(Object.getOwnPropertySymbols(record).map(String)).toEqual(Object.getOwnPropertySymbols(reference).map(String))
    expect(inserted.all()).toEqual([record])
    expect(inserted.findFirst((q) => q.where({ name: 'api' }))).toBe(record)
    const updated = await inserted.update(record, { data: (r) => void (r.count = 3) })
    expect(updated?.count).toBe(3)
    expect(inserted.findFirst((q) => q.where({ id: 'a1' }))?.count).toBe(3)
    inserted.delete(updated!)
    expect(inserted.count()).toBe(0)
  })

  it('keeps create()s refusal of values the schema does not accept', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const collection = new Collection({ schema })
    await expect(insertRecord(collection, { id: 'b2', name: 'api', tags: [], count: -1 })).rejects.toThrow(/does not match the schema/)
    expect(collection.count()).toBe(0)
  })

  it('stores trusted values as they are, unchecked and uncopied (a world loaded from input already checked)', async () => {
    const collection = new Collection({ schema })
    const values = { id: 'd4', name: 'api', tags: [], count: 1 }
    const record = await insertRecord(collection, values, true)
    expect(record).toBe(values)
    expect(collection.findFirst((q) => q.where({ id: 'd4' }))).toBe(values)
  })

  it('checks values, not a copy of them made later: a later change of the input leaves the record alone', async () => {
    const collection = new Collection({ schema })
    const tags = ['x']
    const record = await insertRecord(collection, { id: 'c3', name: 'api', tags, count: 0 })
    tags.push('y')
    expect(record.tags).toEqual(['x'])
  })
})
