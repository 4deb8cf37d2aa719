import type { Actor } from '../../access/actor.js'
import { scopeFilter } from '../../access/policy.js'
import type { ResourceService } from '../../models/bind-resource.js'
import type { MoneyFigures } from './types.js'

// Money received this calendar month (UTC) from captured payments: what Razorpay reported paid on the links and QR
// codes the viewer may read, counted on the month their payment state last moved.

async function receivedOn(
  service: ResourceService,
  actor: Actor,
  since: Date,
): Promise<{ paise: number; count: number } | null> {
  const scope = scopeFilter(actor, service.def.resource)
  if (scope === null) return null
  const rows = await service.model.aggregate<{ paise: number; count: number }>([
    { $match: { ...scope, deletedAt: null, status: { $in: ['paid', 'partially_paid'] }, updatedAt: { $gte: since } } },
    { $group: { _id: null, paise: { $sum: '$amount_paid' }, count: { $sum: 1 } } },
  ])
  return rows[0] ?? { paise: 0, count: 0 }
}

export async function readMoneyFigures(
  services: readonly ResourceService[],
  actor: Actor,
  now: Date,
): Promise<MoneyFigures | null> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const parts = (await Promise.all(services.map((service) => receivedOn(service, actor, since)))).filter(
    (part): part is { paise: number; count: number } => part !== null,
  )
  if (parts.length === 0) return null
  return {
    month: since.toISOString().slice(0, 10),
    receivedPaise: parts.reduce((sum, part) => sum + part.paise, 0),
    payments: parts.reduce((sum, part) => sum + part.count, 0),
  }
}
