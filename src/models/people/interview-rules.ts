import { Types, type Connection } from 'mongoose'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'
import { idsNamed } from './recipients.js'

/** The candidate interviewed is an application to the posting the interview is for (409 naming candidate). */
export async function verifyInterview(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  const [candidate] = idsNamed(record, 'candidate')
  const [job] = idsNamed(record, 'job')
  if (candidate === undefined || job === undefined) return []
  const application = await connection
    .collection<{ _id: Types.ObjectId; job?: Types.ObjectId }>('job-applications')
    .findOne({ _id: new Types.ObjectId(candidate) }, { projection: { job: 1 } })
  // A candidate naming nothing is the reference check's 400.
  if (!application || application.job?.toHexString() === job) return []
  return [{ path: 'candidate', message: 'applied to another job' }]
}
