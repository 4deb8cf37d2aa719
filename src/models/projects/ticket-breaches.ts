import type { Actor } from '../../access/actor.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'
import { allOf, present, scopeOrForbid } from '../resource-access.js'
import { breachesOf, resolveDueAt, respondDueAt, type Breach } from './ticket-sla.js'

// The SLA breach report: tickets the caller may read, created in the window, that are still unresolved past a
// target or were answered or resolved late. Deadlines depend on each ticket's priority, so the candidates are read
// (oldest first, capped) and compared here rather than in the query.

/** At most this many tickets are examined per report; `meta.truncated` says when more matched. */
export const BREACH_SCAN_LIMIT = 2000

export interface BreachRow extends ResourceRecord {
  readonly breaches: readonly Breach[]
  readonly respondBy: Date
  readonly resolveBy: Date
}

export interface BreachReport {
  readonly items: BreachRow[]
  readonly examined: number
  readonly truncated: boolean
}

export async function slaBreaches(
  tickets: ResourceService,
  actor: Actor,
  window: { from: Date; to: Date },
  now: Date = new Date(),
): Promise<BreachReport> {
  const scope = scopeOrForbid(tickets.def, actor, 'read')
  const filter = allOf(scope, { deletedAt: null, createdAt: { $gte: window.from, $lte: window.to } })
  const rows = await tickets.model
    .find(filter)
    .sort({ createdAt: 1, _id: 1 })
    .limit(BREACH_SCAN_LIMIT + 1)
    .lean<ResourceRecord[]>()
  const examined = rows.slice(0, BREACH_SCAN_LIMIT)
  const items = examined.flatMap((row) => {
    const breaches = breachesOf(row, now)
    if (breaches.length === 0) return []
    const shown = present(tickets.def, actor, row)
    return [{ ...shown, breaches, respondBy: respondDueAt(row), resolveBy: resolveDueAt(row) }]
  })
  return { items, examined: examined.length, truncated: rows.length > BREACH_SCAN_LIMIT }
}
