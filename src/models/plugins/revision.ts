import type { Schema } from 'mongoose'

/** The revision field: 1 on create, +1 on every audited write; writes are conditioned on the previous value. */
export const REVISION_FIELD = '_rev'

/** Adds `_rev` (and drops mongoose's `__v`, which the revision replaces). */
export function revisionPlugin(schema: Schema): void {
  schema.add({ [REVISION_FIELD]: { type: Number, required: true, default: 1, min: 1 } })
  schema.set('versionKey', false)
}

/**
 * A document's revision. Documents written by seed 1 (before or beside a migration) carry none: they read as
 * revision 0 and get revision 1 from their first write, instead of failing every read and write.
 */
export function revisionOf(record: Readonly<Record<string, unknown>>): number {
  const revision = record[REVISION_FIELD]
  return typeof revision === 'number' ? revision : 0
}

/** The condition "the document is still at `revision`" (0: it has no revision field yet). */
export function atRevision(revision: number): Record<string, unknown> {
  return { [REVISION_FIELD]: revision === 0 ? null : revision }
}

/** A weak ETag: the revision is a version of the resource, not of its byte representation. */
export function etagOf(revision: number): string {
  return `W/"${revision}"`
}

/** The revision an `If-Match` header names (`W/"3"`, `"3"` or `3`); undefined when absent or `*`. */
export function revisionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header)
  return match?.[1] === undefined ? Number.NaN : Number(match[1])
}
