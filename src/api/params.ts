import { isValidObjectId } from 'mongoose'
import { z } from 'zod'
import { NotFoundError } from '../errors.js'

/** A malformed id names nothing: 404, like an unknown one. */
export function parseId(id: string | undefined, what = 'Not found'): string {
  if (!id || !/^[0-9a-f]{24}$/i.test(id) || !isValidObjectId(id)) throw new NotFoundError(what)
  return id
}

export const IdParams = z.object({ id: z.string().meta({ description: 'A 24-hex-digit document id' }) })

/** `page` from 1, `limit` up to 100 (default 20). */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** Search text is matched literally: escape every regex metacharacter. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
