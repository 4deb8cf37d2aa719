import type { FieldChange } from './audit-entry.js'

/** A comparable form: dates by instant, ObjectIds by hex, arrays and objects by their JSON. */
function comparable(value: unknown): string {
  if (value === undefined || value === null) return 'null'
  if (value instanceof Date) return `date:${value.getTime()}`
  return JSON.stringify(value)
}

export function sameValue(a: unknown, b: unknown): boolean {
  return comparable(a) === comparable(b)
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null
}

/**
 * Field-level changes between two plain records, over the given paths only (declared fields: never `_rev`,
 * timestamps or secrets). Values not changed are left out; a missing side is omitted rather than stored as null.
 */
export function diffRecords(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  paths: readonly string[],
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const path of paths) {
    const was = before?.[path]
    const now = after?.[path]
    if (sameValue(was, now)) continue
    const change: FieldChange = { path }
    if (!isEmpty(was)) change.before = was
    if (!isEmpty(now)) change.after = now
    changes.push(change)
  }
  return changes
}
