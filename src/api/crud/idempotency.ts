/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { createHash } from 'node:crypto'
import { Schema, type Connection, type Model, type Types } from 'mongoose'
import { z } from 'zod'
import { ConflictError } from '../../errors.js'

// Idempotency-Key on POST: a retried create (same key, same body, same caller) gets the first response and creates
// nothing; the same key with another body is a 409. Keys expire after a day (TTL index).

const KEEP_SECONDS = 24 * 3600

interface IdempotencyRecord {
  owner: string
  scope: string
  key: string
  bodyHash: string
  state: 'pending' | 'done'
  status: number | null
  body: unknown
  createdAt: Date
}

const schema = new Schema<IdempotencyRecord>(
  {
    owner: { type: String, required: true },
    scope: { type: String, required: true },
    key: { type: String, required: true },
    bodyHash: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    status: { type: Number, default: null },
    body: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true, expires: KEEP_SECONDS },
  },
  { collection: 'idempotency_keys', versionKey: false, minimize: false },
)
schema.index({ owner: 1, scope: 1, key: 1 }, { unique: true })

function modelOf(connection: Connection): Model<IdempotencyRecord> {
  return (
    (connection.models.IdempotencyKey as Model<IdempotencyRecord> | undefined) ??
    connection.model<IdempotencyRecord>('IdempotencyKey', schema)
  )
}

export const IdempotencyKey = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII')

/** Key order does not change what a body means. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`
  }
  // JSON.stringify answers undefined for these, whatever its declared type says.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null'
  return JSON.stringify(value)
}

export type Claim = { replay: { status: number; body: unknown } } | { id: Types.ObjectId }

/** Claims a key for this caller, or returns the stored response of the first request that used it. */
export async function claimKey(
  connection: Connection,
  request: { owner: string; scope: string; key: string; body: unknown },
): Promise<Claim> {
  const model = modelOf(connection)
  await model.init()
  const bodyHash = createHash('sha256').update(stableJson(request.body)).digest('hex')
  const where = { owner: request.owner, scope: request.scope, key: request.key }
  try {
    const created = await model.create({ ...where, bodyHash, state: 'pending', createdAt: new Date() })
    return { id: created._id }
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error
  }
  const first = await model.findOne(where).lean()
  if (!first) throw new ConflictError('This Idempotency-Key is being reused; retry')
  const details = [{ path: 'Idempotency-Key', message: 'was already used with a different body' }]
  if (first.bodyHash !== bodyHash)
    throw new ConflictError('This Idempotency-Key was used with a different body', details)
  if (first.state !== 'done' || first.status === null) {
    throw new ConflictError('A request with this Idempotency-Key is still in progress')
  }
  return { replay: { status: first.status, body: first.body } }
}

export async function completeKey(
  connection: Connection,
  id: Types.ObjectId,
  status: number,
  body: unknown,
): Promise<void> {
  await modelOf(connection).updateOne({ _id: id }, { $set: { state: 'done', status, body } })
}

/** The first request failed: the key is free for a retry. */
export async function releaseKey(connection: Connection, id: Types.ObjectId): Promise<void> {
  await modelOf(connection).deleteOne({ _id: id, state: 'pending' })
}

/**
 * Deletes keys past their day. The TTL index does this too; the housekeeping job calls it as a backstop, since a
 * TTL monitor only runs once a minute and not every deployment keeps one running.
 */
export async function deleteExpiredIdempotencyKeys(connection: Connection, now: Date): Promise<number> {
  const result = await modelOf(connection).deleteMany({
    createdAt: { $lt: new Date(now.getTime() - KEEP_SECONDS * 1000) },
  })
  return result.deletedCount
}
