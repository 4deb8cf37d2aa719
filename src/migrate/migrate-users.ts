import type { Collection } from 'mongodb'
import type { UserModel } from '../models/user.js'
import { oldDocuments } from './migrate-collection.js'
import type { CollectionReport } from './report.js'
import { mappedRole, userRow } from './seed1-users.js'

/** Users are not an audited resource: each is written once (same _id), and a re-run leaves it alone. */
export async function migrateUsers(
  source: Collection,
  users: UserModel,
  report: CollectionReport,
  unknownRoles: Set<string>,
  dryRun: boolean,
): Promise<void> {
  for await (const old of oldDocuments(source)) {
    report.read += 1
    const id = String(old._id)
    // tokenVersion exists only on users we wrote: seed 1 never had one.
    const existing = await users.collection.findOne({ _id: old._id }, { projection: { tokenVersion: 1 } })
    if (existing && typeof existing.tokenVersion === 'number') {
      report.unchanged += 1
      continue
    }
    const role = mappedRole(old.user_role)
    if (role === undefined) unknownRoles.add(String(old.user_role))
    const row = userRow(old, role ?? 'user')
    if ('skip' in row) {
      report.skipped.push({ id, reason: row.skip, field: row.field })
      continue
    }
    if (dryRun) {
      report.written += 1
      continue
    }
    try {
      await users.collection.replaceOne({ _id: row._id }, row, { upsert: true })
      report.written += 1
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error
      report.skipped.push({ id, reason: 'another user has this email', field: 'email' })
    }
  }
}
