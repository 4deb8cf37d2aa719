import { auditReconcileJob } from './audit.reconcile.js'
import type { JobDefinition } from './define-job.js'
import { housekeepingExpireJob } from './housekeeping.expire.js'
import { trashPurgeJob } from './trash.purge.js'
import { relieveEmployees } from './employees.relieve.js'
import { outboxDeliver } from './outbox.deliver.js'
import { paymentsReconcile } from './payments.reconcile.js'
import { webhooksRetry } from './webhooks.retry.js'
import { leadsDedupeJob } from './leads.dedupe.js'
import { notificationsRemind } from './notifications.remind.js'
import { billingReconcile } from './billing.reconcile.js'
import { searchBackfillJob } from './search.backfill.js'

// The job list, as src/models/index.ts lists resources: the scheduler registers each, the run history and Agendash
// show them. Adding a job is one file `src/jobs/<area>.<verb>.ts` and one line here.

export const JOB_DEFINITIONS: readonly JobDefinition[] = [
  trashPurgeJob,
  auditReconcileJob,
  housekeepingExpireJob,
  relieveEmployees,
  paymentsReconcile,
  webhooksRetry,
  outboxDeliver,
  leadsDedupeJob,
  notificationsRemind,
  billingReconcile,
  searchBackfillJob,
]
