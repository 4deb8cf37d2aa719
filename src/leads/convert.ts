import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ConflictError } from '../errors.js'
import type { ResourceRecord } from '../models/define-resource.js'

// Converting a lead: a booking prefilled from it, owned by the bdm the lead is assigned to, linked both ways
// (booking.lead_id, lead.bookingId), and the lead moved to `converted`. A conversion killed between the two writes is
// finished by the next call: the booking that names the lead is found again instead of a second one being made.

/** What the lead does not know (amount, branch, date...); any booking field may be given and wins over the prefill. */
export const ConvertBody = z.record(z.string(), z.unknown())

function prefill(lead: ResourceRecord): ResourceRecord {
  const service = typeof lead.service === 'string' && lead.service !== '' ? [lead.service] : undefined
  const fields: ResourceRecord = {
    contact_person: lead.name,
    company_name: lead.companyName,
    email: lead.email ?? undefined,
    contact_no: lead.phoneNumber ?? undefined,
    services: service,
    state: lead.state === '' ? undefined : lead.state,
    date: new Date().toISOString().slice(0, 10),
    remark: lead.message === '' ? undefined : String(lead.message).slice(0, 2000),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

async function ownerOf(context: AppContext, lead: ResourceRecord): Promise<{ id: string; name: string }> {
  if (typeof lead.assignedTo !== 'string') {
    throw new ConflictError('Assign the lead before converting it', [{ path: 'assignedTo', message: 'is required' }])
  }
  const user = await context.models.users.findById(lead.assignedTo, { name: 1 }).lean()
  if (!user)
    throw new ConflictError('The assigned user no longer exists', [{ path: 'assignedTo', message: 'is unknown' }])
  return { id: lead.assignedTo, name: user.name }
}

async function bookingFor(context: AppContext, actor: Actor, lead: ResourceRecord, body: ResourceRecord) {
  const leadId = String(lead._id)
  const earlier = await context.resources.bookings.model.findOne({ lead_id: leadId }).lean<ResourceRecord>()
  if (earlier) return earlier
  const owner = await ownerOf(context, lead)
  const input = { ...prefill(lead), ...body, user_id: owner.id, bdm: owner.name }
  return context.resources.bookings.create(actor, input, {
    internal: { lead_id: leadId },
    reason: `converted from lead ${leadId}`,
  })
}

export async function convertLead(
  context: AppContext,
  actor: Actor,
  id: string,
  body: ResourceRecord,
  reason?: string,
): Promise<{ lead: ResourceRecord; booking: ResourceRecord }> {
  const lead = await context.resources.leads.get(actor, id, { record: false })
  if (lead.status === 'converted' || lead.status === 'lost') {
    throw new ConflictError(`Cannot convert a ${lead.status} lead`, [{ path: 'status', message: `is ${lead.status}` }])
  }
  const booking = await bookingFor(context, actor, lead, body)
  const converted = await context.resources.leads.transition(actor, id, {
    name: 'convert',
    internal: true,
    values: { bookingId: String(booking._id) },
    reason: reason ?? `booking ${String(booking._id)}`,
  })
  return { lead: converted, booking }
}
