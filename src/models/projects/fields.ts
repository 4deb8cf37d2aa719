import { Schema } from 'mongoose'
import { z } from 'zod'

// Field shapes the project resources share: money in integer paise with its ISO currency, date inputs, and stored
// files (what storage/with-stored-files.ts keeps about an upload, as employee documents do).

/** A sum of money in integer paise; zero allowed (a free milestone). */
export const paiseAmount = z
  .number({ error: 'must be a number of paise' })
  .int('must be a whole number of paise')
  .min(0, 'must not be negative')
  .max(1e13, 'is too large')

/** An ISO 4217 code; INR unless said. */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be an ISO currency code such as INR')

export const currencyField = { type: String, default: 'INR' }
export const paiseField = (required = false) => ({ type: Number, required, min: 0, default: required ? undefined : 0 })

/** A date given as an ISO string or a `YYYY-MM-DD` day. */
export const dateInput = z.coerce.date({ error: 'must be a date' })

/** What a record keeps about one stored file. */
const storedFile = new Schema(
  {
    key: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    originalName: { type: String, default: '' },
    uploadedAt: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
)

/** A list of stored files (a project's files), each with an id to download or remove it by. */
export const storedFileList = {
  type: [new Schema({ label: { type: String, default: '' }, file: { type: storedFile, required: true } })],
  default: [],
}

/** One stored file (a receipt), or none. */
export const storedFileField = { type: storedFile, default: null }

/** `end` must not come before `start` when both are set; the problem names the end field. */
export function endAfterStart(
  record: Record<string, unknown>,
  start: string,
  end: string,
): Array<{ path: string; message: string }> {
  const from = record[start]
  const to = record[end]
  if (!(from instanceof Date) || !(to instanceof Date)) return []
  return to.getTime() < from.getTime() ? [{ path: end, message: `must not be before ${start}` }] : []
}
