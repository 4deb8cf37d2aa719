import { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { AuditAction, FieldChange } from '../audit/audit-entry.js'
import { toAuditActor } from '../audit/audited-write.js'
import type { AppContext } from '../app-context.js'
import { currentContext } from '../request-context.js'
import { JOBS_COLLECTION } from './run-history.js'

/** One operator action on one Agenda job, as the audit log records it. */
export interface OperatorAction {
  action: AuditAction
  jobId: string
  /** The job's name, so the entry names the job even after the document is deleted. */
  job: string
  changes?: FieldChange[]
  reason?: string
}

/** Attempts at the next revision when two operators act on one job at the same moment (unique index). */
const TRIES = 3

/**
 * Records an operator's action on a job in the one audit log (resource `agenda_jobs`, the job document's id). The
 * entry is written committed once Agenda has made the change: these documents carry no revision for the
 * pending/committed protocol to compare with.
 */
export async function auditOperatorAction(context: AppContext, actor: Actor, entry: OperatorAction): Promise<void> {
  const audit = context.resources.audit
  const documentId = new Types.ObjectId(entry.jobId)
  for (let attempt = 1; ; attempt += 1) {
    const last = await audit
      .findOne({ resource: JOBS_COLLECTION, documentId }, { revision: 1 })
      .sort({ revision: -1 })
      .lean()
    try {
      await audit.create({
        resource: JOBS_COLLECTION,
        documentId,
        revision: (last?.revision ?? 0) + 1,
        action: entry.action,
        actor: toAuditActor(actor),
        requestId: currentContext()?.requestId ?? null,
        at: new Date(),
        changes: [{ path: 'name', after: entry.job }, ...(entry.changes ?? [])],
        reason: entry.reason ?? null,
        status: 'committed',
      })
      return
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000 || attempt >= TRIES) throw error
    }
  }
}
