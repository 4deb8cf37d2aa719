import type { Collection, Document } from 'mongodb'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InsertBatches } from '../../src/db/insert-batches.js'
import { insertNew } from '../../src/models/insert-new.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { driverCallsDuring } from '../setup/driver-calls.js'
import { seedBooking } from '../setup/resource-app.js'

// A create stores its document through the collection's insert batches instead of `save()` (insert-new.ts): what it
// stores must be what `save()` stores for the same document, and concurrent creates must share one insert command.

let t: TestApp
let owner: TestUser
beforeAll(async () => {
  t = await buildTestApp('models_insert_new')
  owner = await createUser(t, { role: 'admin' })
})
afterAll(async () => {
  await t.close()
})

const job = { kind: 'job', name: 'test.insert-new' } as const

async function storedRaw(_id: Types.ObjectId): Promise<Document> {
  const raw = await t.context.resources.bookings.model.collection.findOne({ _id })
  expect(raw).not.toBeNull()
  return raw ?? {}
}

function withoutIdentity(raw: Document): Document {
  const { _id, createdAt, updatedAt, ...rest } = raw
  expect(_id).toBeInstanceOf(Types.ObjectId)
  expect(createdAt).toBeInstanceOf(Date)
  expect(updatedAt).toEqual(createdAt)
  return rest
}

describe('storing a new resource document', () => {
  it('when a booking is created, then the stored document is the one save() stores for the same content', async () => {
    const model = t.context.resources.bookings.model
    const created = await seedBooking(t, owner, { services: ['GST', 'MSME'] })
    const { _id, createdAt, updatedAt, ...fields } = await storedRaw(new Types.ObjectId(created._id))
    expect([_id, createdAt, updatedAt]).not.toContain(undefined)

    const [saveId, insertId] = [new Types.ObjectId(), new Types.ObjectId()]
    await new model({ ...fields, _id: saveId }).save({ validateBeforeSave: false })
    const returned = await insertNew('bookings', new model({ ...fields, _id: insertId }))

    const saved = withoutIdentity(await storedRaw(saveId))
    const inserted = withoutIdentity(await storedRaw(insertId))
    expect(inserted).toEqual(saved)
    expect(withoutIdentity(await storedRaw(_id))).toEqual(saved)
    expect(saved).toMatchObject({ services: ['GST', 'MSME'], _rev: 1, deletedAt: null })
    expect(saved).not.toHaveProperty('__v')
    // What the engine presents and audits is the stored document.
    expect(returned).toMatchObject({ _id: insertId, company_name: fields.company_name })
    expect(returned.createdAt).toBeInstanceOf(Date)
  })

  it('when three bookings are stored at once, then one insert command carries them and each is stored', async () => {
    const model = t.context.resources.bookings.model
    const { _id, createdAt, updatedAt, ...fields } = await storedRaw(
      new Types.ObjectId((await seedBooking(t, owner))._id),
    )
    expect([_id, createdAt, updatedAt]).not.toContain(undefined)
    const ids = [1, 2, 3].map(() => new Types.ObjectId())
    const documents = ids.map((id, i) => new model({ ...fields, _id: id, total_amount: i + 1 }))
    const calls = await driverCallsDuring(t, 'bookings', () =>
      Promise.all(documents.map((doc) => insertNew('bookings', doc))),
    )
    expect(calls).toEqual(['insertMany'])
    for (const [i, id] of ids.entries()) {
      expect(await storedRaw(id)).toMatchObject({ total_amount: i + 1 })
    }
  })
})

describe('a duplicate key in an insert batch', () => {
  it('when one statement repeats a unique value, then its error names the index keys and value like insertOne', async () => {
    const collection = t.context.db.connection.collection('insert_new_unique_probe') as unknown as Collection
    await collection.createIndex({ email: 1 }, { unique: true }, undefined)
    await collection.insertOne({ email: 'taken@example.com' })
    const batches = new InsertBatches(collection)
    const outcomes = await Promise.allSettled([
      batches.insert({ email: 'free@example.com' }),
      batches.insert({ email: 'taken@example.com' }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected'])
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'taken@example.com' },
    })
    expect(await collection.countDocuments({})).toBe(2)
  })

  it('when a created record repeats a unique value, then its error names the field (the API answers 409) and nothing is stored', async () => {
    const services = t.context.resources.services
    const value = `svc-${new Types.ObjectId().toHexString()}`
    await services.create(job, { label: 'Probe', value, status: true })
    const error: unknown = await services.create(job, { label: 'Again', value, status: true }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 11000, keyValue: { value } })
    expect(await services.model.countDocuments({ value })).toBe(1)
  })
})
