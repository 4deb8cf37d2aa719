import type { Actor } from '../../access/actor.js'
import { scopeFilter, scopeOf } from '../../access/policy.js'
import type { ResourceService } from '../../models/bind-resource.js'
import { LEAD_SOURCES } from '../../models/lead.js'
import { allOf } from '../../models/resource-access.js'
import type { LeadFigures } from './types.js'

// Lead figures over the live, unmerged leads the viewer may read (merged leads are part of their survivor).

const WEEK_MS = 7 * 86_400_000

export async function readLeadFigures(service: ResourceService, actor: Actor, now: Date): Promise<LeadFigures | null> {
  const scope = scopeFilter(actor, 'leads', 'read')
  if (scope === null) return null
  const where = allOf(scope, { deletedAt: null, mergedInto: null })
  const since = new Date(now.getTime() - WEEK_MS)
  const [bySource, newThisWeek, unassigned] = await Promise.all([
    service.model.aggregate<{ _id: unknown; count: number }>([
      { $match: allOf(where, { createdAt: { $gte: since } }) },
      { $group: { _id: '$source', count: { $sum: 1 } } },
    ]),
    service.model.countDocuments(allOf(where, { createdAt: { $gte: since } })),
    service.model.countDocuments(allOf(where, { assignedTo: null })),
  ])
  const counts = new Map(bySource.map((row) => [String(row._id), row.count]))
  return {
    scope: scopeOf(actor, 'read', 'leads') === 'all' ? 'all' : 'own',
    newThisWeek,
    bySource: LEAD_SOURCES.map((source) => ({ source, count: counts.get(source) ?? 0 })),
    unassigned,
  }
}
