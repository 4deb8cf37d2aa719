import { isValidObjectId, Types, type Connection, type Model } from 'mongoose'
import { ValidationError, type FieldProblem } from '../errors.js'
import type { ResourceRecord } from '../models/define-resource.js'

// Reads of other records the sales documents need on write: the client's billing state (place of supply), the
// invoice a credit note or receipt applies to, and the products lines name. Straight model reads: whether the
// caller may see those records is not the question (the engine's reference check refuses unknown ids).

function modelNamed(connection: Connection, name: string): Model<ResourceRecord> {
  const model = connection.models[name] as Model<ResourceRecord> | undefined
  if (!model) throw new Error(`${name} is not bound`)
  return model
}

/** A live record of model `name`, or null when `id` names none. */
export async function liveRecord(connection: Connection, name: string, id: unknown): Promise<ResourceRecord | null> {
  if (typeof id !== 'string' || !isValidObjectId(id)) return null
  return modelNamed(connection, name)
    .findOne({ _id: new Types.ObjectId(id), deletedAt: null })
    .lean<ResourceRecord>()
}

/** The state a client is billed in ('' when unknown: gst.ts then takes the supply as local). */
export function billingStateOf(client: ResourceRecord | null): string {
  const address = client?.billingAddress as { state?: unknown } | undefined
  return typeof address?.state === 'string' ? address.state : ''
}

/** 400 naming each line whose product names no live product. */
export async function checkLineProducts(connection: Connection, items: unknown): Promise<void> {
  if (!Array.isArray(items)) return
  const problems: FieldProblem[] = []
  for (const [index, line] of items.entries()) {
    const product = (line as { product?: unknown } | null)?.product
    if (product === undefined || product === null) continue
    // A malformed id is the input schema's to report.
    if (typeof product !== 'string' || !/^[0-9a-f]{24}$/i.test(product)) continue
    if (!(await liveRecord(connection, 'Product', product))) {
      problems.push({ path: `items.${String(index)}.product`, message: 'must name an existing product' })
    }
  }
  if (problems.length > 0) throw new ValidationError('Invalid input', problems)
}
