import { Types, type Connection } from 'mongoose'
import type { ResourceRecord } from '../define-resource.js'

// Who to tell about a people record: the user behind an employee profile, or the users a record names. Read with the
// driver (no model import), so a declaration can name its recipients without depending on another declaration.

function hexOf(value: unknown): string | null {
  if (value instanceof Types.ObjectId) return value.toHexString()
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value) ? value : null
}

/** The login (user id) of the employee a record names, or nobody when the profile is gone. */
export async function userOfEmployee(connection: Connection, employee: unknown): Promise<string[]> {
  const id = hexOf(employee)
  if (id === null) return []
  const found = await connection
    .collection<{ _id: Types.ObjectId; userId?: string }>('employees')
    .findOne({ _id: new Types.ObjectId(id) }, { projection: { userId: 1 } })
  return typeof found?.userId === 'string' ? [found.userId] : []
}

/** The ids a record's reference fields name (a single reference or a list of them), as hex strings. */
export function idsNamed(record: ResourceRecord, ...fields: readonly string[]): string[] {
  const values = fields.flatMap((field) => {
    const value = record[field]
    return Array.isArray(value) ? (value as unknown[]) : [value]
  })
  return [...new Set(values.map(hexOf).filter((id): id is string => id !== null))]
}
