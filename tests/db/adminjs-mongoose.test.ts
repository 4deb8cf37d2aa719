import { Resource } from '@adminjs/mongoose'
import { Filter, ValidationError } from 'adminjs'
import type { BaseRecord } from 'adminjs'
import mongoose from 'mongoose'
import type { Connection, Model } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDbUri } from '../setup/db.js'
import { rejectionOf } from './helpers/mongo.js'

interface Customer {
  name: string
  email: string
  born: Date
  visits: number
}

let conn: Connection
let Customer: Model<Customer>
let resource: Resource

const customers: Customer[] = [
  { name: 'Alice Smith', email: 'alice@x.io', born: new Date('1990-04-01'), visits: 3 },
  { name: 'alina', email: 'alina@x.io', born: new Date('1995-07-15'), visits: 7 },
  { name: 'Bob (admin)', email: 'bob@x.io', born: new Date('1985-01-20'), visits: 3 },
  { name: 'Carol admin', email: 'carol@x.io', born: new Date('2001-12-31'), visits: 0 },
  { name: 'Dave', email: 'dave@x.io', born: new Date('1992-09-09'), visits: 12 },
]

beforeAll(async () => {
  conn = await mongoose.createConnection(freshDbUri('adminjs')).asPromise()
  const schema = new mongoose.Schema<Customer>({
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    born: { type: Date, required: true },
    visits: { type: Number, default: 0 },
  })
  Customer = conn.model<Customer>('Customer', schema)
  await Customer.init()
  await Customer.create(customers)
  resource = new Resource(Customer)
})
afterAll(async () => {
  await conn.dropDatabase()
  await conn.close()
})

function names(records: BaseRecord[]): unknown[] {
  return records.map((r): unknown => r.get('name'))
}

describe('@adminjs/mongoose: list and search', () => {
  it('when the list is filtered by a name fragment, then the search is a case-insensitive regex', async () => {
    const filter = new Filter({ name: 'ali' }, resource)
    const records = (await resource.find(filter, {
      limit: 10,
      offset: 0,
      sort: { sortBy: 'name', direction: 'asc' },
    })) as BaseRecord[]
    expect(names(records)).toEqual(['Alice Smith', 'alina'])
  })

  it('when the search text holds regex metacharacters, then they match literally', async () => {
    const filter = new Filter({ name: '(admin)' }, resource)
    const records = (await resource.find(filter, {
      limit: 10,
      offset: 0,
      sort: { sortBy: 'name', direction: 'asc' },
    })) as BaseRecord[]
    expect(names(records)).toEqual(['Bob (admin)'])
    expect(await resource.count(filter)).toBe(1)
  })

  it('when the list is paged and sorted, then limit, offset and direction are honoured', async () => {
    const page = (await resource.find(new Filter({}, resource), {
      limit: 2,
      offset: 1,
      sort: { sortBy: 'visits', direction: 'desc' },
    })) as BaseRecord[]
    // Dave (12) is skipped; then alina (7) and one of the two customers with 3 visits.
    expect(names(page)[0]).toBe('alina')
    expect(page.map((r): unknown => r.get('visits'))).toEqual([7, 3])
  })

  it('when counting with and without a filter, then the numbers match the collection', async () => {
    expect(await resource.count(null)).toBe(5)
    expect(await resource.count(new Filter({}, resource))).toBe(5)
    expect(await resource.count(new Filter({ name: 'ADMIN' }, resource))).toBe(2)
    expect(await resource.count(new Filter({ visits: '3' }, resource))).toBe(2)
  })

  it('when counting with a date range, then only births inside it are counted', async () => {
    const inRange = new Filter({ 'born~~from': '1990-01-01', 'born~~to': '1999-12-31' }, resource)
    expect(await resource.count(inRange)).toBe(3)
    const fromOnly = new Filter({ 'born~~from': '2000-01-01' }, resource)
    expect(await resource.count(fromOnly)).toBe(1)
    const records = (await resource.find(inRange, {
      limit: 10,
      offset: 0,
      sort: { sortBy: 'born', direction: 'asc' },
    })) as BaseRecord[]
    expect(names(records)).toEqual(['Alice Smith', 'Dave', 'alina'])
  })
})

describe('@adminjs/mongoose: records', () => {
  it('when one or many records are loaded by id, then they come back with string ids', async () => {
    const alice = await Customer.findOne({ email: 'alice@x.io' }).orFail()
    const dave = await Customer.findOne({ email: 'dave@x.io' }).orFail()
    const one = await resource.findOne(alice._id.toString())
    expect(one.id()).toBe(alice._id.toString())
    expect(one.get('email')).toBe('alice@x.io')
    const many = await resource.findMany([alice._id.toString(), dave._id.toString()])
    expect(many.map((r): unknown => r.get('email')).sort()).toEqual(['alice@x.io', 'dave@x.io'])
  })

  it('when a record is created, updated and deleted, then the collection follows each step', async () => {
    const created = (await resource.create({ name: 'Eve', email: 'eve@x.io', born: '2000-02-02', visits: '1' })) as {
      _id: string
    }
    expect(await Customer.countDocuments({ email: 'eve@x.io' })).toBe(1)
    const updated = (await resource.update(created._id, { visits: '5', name: 'Eve Adams' })) as Customer
    expect(updated).toMatchObject({ name: 'Eve Adams', visits: 5 })
    expect(await Customer.findById(created._id).lean()).toMatchObject({ name: 'Eve Adams', visits: 5 })
    await resource.delete(created._id)
    expect(await Customer.findById(created._id)).toBeNull()
  })

  it('when a record is created with a taken email, then a ValidationError names the email field', async () => {
    const error = await rejectionOf(resource.create({ name: 'Copy', email: 'alice@x.io', born: '1990-01-01' }))
    expect(error).toBeInstanceOf(ValidationError)
    if (!(error instanceof ValidationError)) throw error
    expect(error.propertyErrors).toEqual({
      email: { type: 'duplicate', message: 'Record with that email already exists' },
    })
    expect(await Customer.countDocuments({ email: 'alice@x.io' })).toBe(1)
  })

  it('when a record is updated to a taken email, then a ValidationError names the email field', async () => {
    const bob = await Customer.findOne({ email: 'bob@x.io' }).orFail()
    const error = await rejectionOf(resource.update(bob._id.toString(), { email: 'alice@x.io' }))
    expect(error).toBeInstanceOf(ValidationError)
    if (!(error instanceof ValidationError)) throw error
    expect(Object.keys(error.propertyErrors)).toEqual(['email'])
    expect(await Customer.findById(bob._id).lean()).toMatchObject({ email: 'bob@x.io' })
  })
})
