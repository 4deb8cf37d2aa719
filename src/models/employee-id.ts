import type { Connection } from 'mongoose'
import type { ResourceRecord } from './define-resource.js'

// Employee ids `<DEPT><YY><NNNN>` (SL260001) from one atomic counter per prefix: `$inc` on the counter document is
// the only read-modify-write, so parallel creates can never be handed the same number (seed 1 read the last id).

interface CounterDocument {
  _id: string
  seq: number
}

const FALLBACK_CODE = 'EMP'

/** The next value of a named counter, created at 1 on first use. */
export async function nextInSequence(connection: Connection, name: string): Promise<number> {
  const counters = connection.collection<CounterDocument>('counters')
  for (let attempt = 0; ; attempt += 1) {
    try {
      const counter = await counters.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      )
      if (counter) return counter.seq
    } catch (error) {
      // Two first uses racing on a real MongoDB: one upsert loses the unique _id; the retry increments the winner's.
      if ((error as { code?: unknown }).code !== 11000 || attempt > 2) throw error
    }
  }
}

async function departmentCode(connection: Connection, department: unknown): Promise<string> {
  const departments = connection.collection<{ name: string; code: string }>('departments')
  const found = await departments.findOne({ name: String(department), deletedAt: null })
  return found?.code ?? FALLBACK_CODE
}

/** Issues the employee id of a new profile; it never changes afterwards, even when the department does. */
export async function assignEmployeeId(record: ResourceRecord, connection: Connection): Promise<ResourceRecord> {
  const code = await departmentCode(connection, record.department)
  const year = String(new Date().getUTCFullYear() % 100).padStart(2, '0')
  const prefix = `${code}${year}`
  const seq = await nextInSequence(connection, `employeeId:${prefix}`)
  return { employeeId: `${prefix}${String(seq).padStart(4, '0')}` }
}
