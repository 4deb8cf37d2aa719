import type { ResourceRecord } from '../define-resource.js'

// Support tickets' service levels: how long, per priority, until the first response (the ticket leaves `open`) and
// until it is resolved. The ticket workflow stamps `firstResponseAt` and `resolvedAt`; the breach report compares.

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const
export type TicketPriority = (typeof TICKET_PRIORITIES)[number]

const HOUR = 60 * 60 * 1000

/** Targets in hours from the ticket's creation. */
export const SLA_HOURS: Readonly<Record<TicketPriority, { readonly respond: number; readonly resolve: number }>> = {
  urgent: { respond: 1, resolve: 4 },
  high: { respond: 4, resolve: 24 },
  medium: { respond: 8, resolve: 72 },
  low: { respond: 24, resolve: 168 },
}

function targetsOf(record: ResourceRecord) {
  const priority = (TICKET_PRIORITIES as readonly unknown[]).includes(record.priority)
    ? (record.priority as TicketPriority)
    : 'medium'
  return SLA_HOURS[priority]
}

function createdAtOf(record: ResourceRecord): number {
  return record.createdAt instanceof Date ? record.createdAt.getTime() : Date.parse(String(record.createdAt))
}

/** The resolve deadline of a ticket, from its creation. */
export function resolveDueAt(record: ResourceRecord): Date {
  return new Date(createdAtOf(record) + targetsOf(record).resolve * HOUR)
}

/** The response deadline of a ticket, from its creation. */
export function respondDueAt(record: ResourceRecord): Date {
  return new Date(createdAtOf(record) + targetsOf(record).respond * HOUR)
}

export type Breach = 'response' | 'resolution'

/**
 * What a ticket missed by `now`: no response (or a late one) past the response target; unresolved past the resolve
 * target, or resolved after it. Closed tickets resolved in time and answered in time have none.
 */
export function breachesOf(record: ResourceRecord, now: Date): Breach[] {
  const breaches: Breach[] = []
  const responded = record.firstResponseAt instanceof Date ? record.firstResponseAt : null
  const resolved = record.resolvedAt instanceof Date ? record.resolvedAt : null
  if ((responded ?? now).getTime() > respondDueAt(record).getTime()) breaches.push('response')
  if ((resolved ?? now).getTime() > resolveDueAt(record).getTime()) breaches.push('resolution')
  return breaches
}
