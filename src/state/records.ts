/**
 * Adding records to `@msw/data` collections. Imports `@msw/data` for its types only: the backends
 * use this module, and they load with `paasim` while the collections load with the first world.
 */
import type { Collection } from '@msw/data'

/** Any collection, whatever its schema. */
type AnyCollection = Collection<any>

/** The two symbols `@msw/data` marks a record with (its primary key and its relations), learnt from a probe record. */
let recordMarks: Promise<{ key: symbol; relations: symbol } | null> | undefined

/** A record made by `create()` in a collection of the same class as `like`, for its marks. */
function learnRecordMarks(like: AnyCollection): Promise<{ key: symbol; relations: symbol } | null> {
  const accept = { '~standard': { version: 1 as const, vendor: 'paasim', validate: (value: unknown) => ({ value }) } }
  const Probe = like.constructor as new (options: { schema: typeof accept }) => AnyCollection
  return (recordMarks ??= new Probe({ schema: accept }).create({}).then((probe) => {
    const marks = Object.getOwnPropertySymbols(probe)
    const key = marks.find((s) => s.description === 'kPrimaryKey')
    const relations = marks.find((s) => s.description === 'kRelationMap')
    return key && relations && marks.length === 2 ? { key, relations } : null
  }, () => null))
}

/**
 * Adds a record as `collection.create(values)` does — checked by the collection's schema, marked
 * as a record, appended — without `create()`'s deep copy of the values first (most of the time a
 * world of a thousand apps took to build). Values the schema refuses go to `create()`, which
 * reports and rejects them as it always has; so does everything should the store not be as expected.
 * `trusted` values (made while a world is loaded from input already checked, see `World.loading`)
 * are stored as they are, without the schema's check and its copy: the caller hands them over.
 */
export async function insertRecord<C extends AnyCollection>(collection: C, values: Parameters<C['create']>[0], trusted = false): Promise<Awaited<ReturnType<C['create']>>> {
  const marks = await (recordMarks ?? learnRecordMarks(collection))
  const store: unknown = collection.all()
  const standard = collection['options']?.schema?.['~standard']
  // a store, schema or hook not as this release of @msw/data has them: create() does it all
  if (!marks || !Array.isArray(store) || !standard || collection.hooks?.listenerCount('create') !== 0) return collection.create(values)
  const checked = trusted ? { value: values } : await standard.validate(values)
  const record = checked.value as Record<string | symbol, unknown> | undefined
  // every record of ours has a unique id: it serves as the primary key (create() draws a random one)
  if (checked.issues || typeof record?.id !== 'string') return collection.create(values)
  Object.defineProperty(record, marks.key, { value: record.id })
  Object.defineProperty(record, marks.relations, { value: new Map() })
  const count = store.length
  store.push(record)
  if (collection.count() === count + 1) return record as Awaited<ReturnType<C['create']>>
  store.length = count
  return collection.create(values)
}
