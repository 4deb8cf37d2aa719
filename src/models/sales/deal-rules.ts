import type { Connection } from 'mongoose'
import { Types } from 'mongoose'
import type { FieldProblem } from '../../errors.js'
import type { ResourceRecord } from '../define-resource.js'

// The deal rules that look at other records: its stage must be one of its pipeline's, and its labels must be labels
// for deals. The references themselves (exist, not trashed) are checked by the engine first.

function idOf(value: unknown): Types.ObjectId | null {
  if (value instanceof Types.ObjectId) return value
  return typeof value === 'string' && Types.ObjectId.isValid(value) ? new Types.ObjectId(value) : null
}

export async function verifyDeal(record: ResourceRecord, connection: Connection): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = []
  const stage = idOf(record.stage)
  const pipeline = idOf(record.pipeline)
  if (stage && pipeline) {
    // Membership only: whether a newly named stage exists and is live is the reference check's; a deal left in a
    // since-trashed stage must stay editable.
    const found = await connection.collection('stages').countDocuments({ _id: stage, pipeline })
    if (found === 0) problems.push({ path: 'stage', message: "must be a stage of the deal's pipeline" })
  }
  const labels = (Array.isArray(record.labels) ? record.labels : []).flatMap((each) => idOf(each) ?? [])
  if (labels.length > 0) {
    const other = await connection.collection('labels').countDocuments({ _id: { $in: labels }, type: { $ne: 'deals' } })
    if (other > 0) problems.push({ path: 'labels', message: 'must be labels for deals' })
  }
  return problems
}
