import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { ValidationError } from '../errors.js'
import { multilineText } from '../models/fields/text.js'
import type { ResourceRecord } from '../models/define-resource.js'

// Assigning a lead to a user (a bdm, usually) or back to nobody: an audited update whose reason names the new owner.

export const AssignBody = z.strictObject({
  assignedTo: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a user id')
    .nullable(),
  reason: multilineText(500).optional(),
})

export async function assignLead(
  context: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof AssignBody>,
  ifRevision?: number,
): Promise<ResourceRecord> {
  let label = 'nobody'
  if (body.assignedTo !== null) {
    const user = await context.models.users.findById(body.assignedTo, { name: 1, isActive: 1 }).lean()
    if (!user?.isActive) {
      throw new ValidationError('assignedTo is not an active user', [
        { path: 'assignedTo', message: 'is not an active user' },
      ])
    }
    label = `${user.name} (${body.assignedTo})`
  }
  const reason = body.reason && body.reason !== '' ? `assigned to ${label}: ${body.reason}` : `assigned to ${label}`
  return context.resources.leads.update(actor, id, { assignedTo: body.assignedTo }, { reason, ifRevision })
}
