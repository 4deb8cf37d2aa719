import { Schema } from 'mongoose'
import { z } from 'zod'

// A reference to another record: stored as an ObjectId, sent as its 24-hex string. Declare the field with
// `referenceField`, its input with `recordId`, and the relation in the resource's `references` (checked on write).

/** The input of a reference: a record id (`must be a client id`). */
export function recordId(what: string) {
  return z.string().regex(/^[0-9a-f]{24}$/i, `must be a ${what} id`)
}

/** The stored field of a reference (indexed: lists filter by it and destroy checks look referrers up by it). */
export function referenceField(options: { required?: boolean } = {}) {
  return { type: Schema.Types.ObjectId, required: options.required ?? false, index: true }
}

/** The stored field of a list of references (a meeting's attendees). */
export function referenceListField() {
  return { type: [Schema.Types.ObjectId], default: [], index: true }
}
