import { z } from 'zod'
import { recoverPendingAudits } from '../audit/recovery.js'
import { defineJob } from './define-job.js'
import { findAuditGaps } from './audit-gaps.js'

/**
 * Pending entries younger than this are left alone: another live process may be between its document write and the
 * commit of its entry (milliseconds normally; a minute covers a slow database).
 */
export const RECONCILE_SAFETY_MARGIN_MS = 60_000

/** How far back the invariant check looks at changed documents: the last run's window, with overlap. */
export const RECONCILE_CHECK_WINDOW_MS = 15 * 60_000

/**
 * Every 5 minutes: resolves pending audit entries left by a crashed process exactly as start-up recovery does (so no
 * restart is needed), then checks that every revision of recently changed documents has its committed entry and logs
 * the documents that lack one.
 */
export const auditReconcileJob = defineJob({
  name: 'audit.reconcile',
  description: 'Resolves pending audit entries left by dead processes and checks the audit invariant',
  schedule: { every: '5 minutes' },
  concurrency: 1,
  lockLifetimeMs: 5 * 60_000,
  attempts: 2,
  backoffMs: 30_000,
  data: z.strictObject({
    /** Override of the safety margin, for operators replaying a known incident. */
    olderThanMs: z.number().int().min(0).max(86_400_000).optional(),
  }),
  async run({ app, data, logger, processed }) {
    const { connection } = app.db
    const now = new Date()
    const olderThanMs = data.olderThanMs ?? RECONCILE_SAFETY_MARGIN_MS
    const resolved = await recoverPendingAudits(connection, app.resources.audit, { olderThanMs, now, logger })
    processed(resolved.committed + resolved.dropped)
    const since = new Date(now.getTime() - RECONCILE_CHECK_WINDOW_MS - olderThanMs)
    const until = new Date(now.getTime() - olderThanMs)
    for (const service of app.resources.all.filter((s) => s.def.audit)) {
      const gaps = await findAuditGaps(service, app.resources.audit, { since, until })
      if (gaps.length > 0) {
        logger.error('audit invariant violated: revisions without a committed entry', {
          resource: service.def.resource,
          documents: gaps,
        })
      }
    }
  },
})
