/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model } from 'mongoose'

// Atomic counters (`findOneAndUpdate` with `$inc`, upserted): each call gets the next number of its key, whatever
// runs in parallel, in this process or another. Never "read the last one and add one".

interface CounterRecord {
  _id: string
  seq: number
}

const schema = new Schema<CounterRecord>({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } }, {
  collection: 'counters',
  versionKey: false,
})

function modelOf(connection: Connection): Model<CounterRecord> {
  return (connection.models.Counter as Model<CounterRecord> | undefined) ?? connection.model<CounterRecord>('Counter', schema)
}

export async function nextNumber(connection: Connection, key: string): Promise<number> {
  try {
    return await increment(connection, key)
  } catch (error) {
    // Two first calls for a new key may both try to insert it; the loser increments the one that won.
    if ((error as { code?: unknown }).code !== 11000) throw error
    return increment(connection, key)
  }
}

async function increment(connection: Connection, key: string): Promise<number> {
  const counter = await modelOf(connection)
    .findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
    .lean<CounterRecord | null>()
  if (counter === null) throw new Error(`Counter ${key} was not returned`)
  return counter.seq
}
