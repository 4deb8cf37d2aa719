import { Types, type Connection } from 'mongoose'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'
import { idsNamed } from './recipients.js'

// A leave's own rules (400) and its rule against the employee's other leaves (409).

function timeOf(value: unknown): number | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : null
}

/** The end is not before the start; a half day is one day. */
export function checkLeave(record: ResourceRecord): FieldProblem[] {
  const start = timeOf(record.startDate)
  const end = timeOf(record.endDate)
  if (start === null || end === null) return []
  if (end < start) return [{ path: 'endDate', message: 'must not be before startDate' }]
  if (record.isHalfDay === true && end !== start) {
    return [{ path: 'isHalfDay', message: 'only a one-day leave can be a half day' }]
  }
  return []
}

/** Two leaves of one employee may not share a day, unless the other was rejected. */
export async function verifyLeave(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  const { startDate, endDate, _id } = record
  const [employee] = idsNamed(record, 'employee')
  if (timeOf(startDate) === null || timeOf(endDate) === null || employee === undefined) return []
  const other = await connection.collection('leaves').findOne(
    {
      employee: new Types.ObjectId(employee),
      _id: { $ne: _id instanceof Types.ObjectId ? _id : new Types.ObjectId() },
      deletedAt: null,
      status: { $ne: 'rejected' },
      startDate: { $lte: endDate },
      endDate: { $gte: startDate },
    },
    { projection: { _id: 1 } },
  )
  if (!other) return []
  const message = `overlaps leave ${other._id.toHexString()} of the same employee`
  return [
    { path: 'startDate', message },
    { path: 'endDate', message },
  ]
}
