import { isValidObjectId } from 'mongoose'
import type { Actor } from '../../access/actor.js'
import { ConflictError, ValidationError } from '../../errors.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'
import { userModel } from '../user.js'

// Adding and removing one project member (seed 2's `membersadd` / `membersdelete`): one audited update of
// `memberIds` by the caller, who must be allowed to update the project, conditioned on the revision read so two
// concurrent changes cannot lose one another (the loser gets 412).

function memberIdsOf(project: ResourceRecord): string[] {
  return Array.isArray(project.memberIds) ? project.memberIds.map(String) : []
}

async function checkUser(projects: ResourceService, userId: string): Promise<void> {
  const known = isValidObjectId(userId) && (await userModel(projects.model.db).exists({ _id: userId })) !== null
  if (!known) throw new ValidationError('Invalid input', [{ path: 'userId', message: 'must name an existing user' }])
}

export async function addMember(
  projects: ResourceService,
  actor: Actor,
  id: string,
  userId: string,
): Promise<ResourceRecord> {
  const project = await projects.get(actor, id, { record: false })
  await checkUser(projects, userId)
  const members = memberIdsOf(project)
  if (members.includes(userId)) {
    throw new ConflictError('Already a member', [{ path: 'userId', message: 'is already a member of the project' }])
  }
  return projects.update(
    actor,
    id,
    { memberIds: [...members, userId] },
    { reason: `member ${userId} added`, ifRevision: Number(project._rev) },
  )
}

export async function removeMember(
  projects: ResourceService,
  actor: Actor,
  id: string,
  userId: string,
): Promise<ResourceRecord> {
  const project = await projects.get(actor, id, { record: false })
  const members = memberIdsOf(project)
  if (!members.includes(userId)) {
    throw new ConflictError('Not a member', [{ path: 'userId', message: 'is not a member of the project' }])
  }
  return projects.update(
    actor,
    id,
    { memberIds: members.filter((member) => member !== userId) },
    { reason: `member ${userId} removed`, ifRevision: Number(project._rev) },
  )
}
