import { isPlainObject } from './bson-values.js'

/**
 * Deep copy of a document. Plain objects, arrays and dates are copied; BSON value classes (ObjectId, Long,
 * Decimal128, Binary...) are immutable and shared. structuredClone would strip their prototypes.
 */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T
  if (v instanceof Date) return new Date(v.getTime()) as T
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(v)) out[key] = cloneValue(v[key])
    return out as T
  }
  return v
}
