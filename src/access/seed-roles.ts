import type { Logger } from '../logger.js'
import type { RoleModel } from '../models/role.js'
import { DEFAULT_ROLES, RESOURCES, type Resource } from './matrix.js'

/** What every role was seeded with before roles recorded the resources they were offered (before job-runs). */
const FIRST_SEEDED: readonly Resource[] = ['users', 'roles', 'bookings', 'services', 'employees']

/**
 * Inserts the default roles that are missing. Existing roles are left as they are: once seeded, the matrix belongs
 * to srdev (/api/v1/roles), and a restart must not undo their edits. The one exception is a resource added to the
 * product since the role was seeded: its default grant is offered once (recorded in `seededResources`), so a new
 * resource is usable on an existing database without re-granting, and a grant srdev later removes stays removed.
 */
export async function seedRoles(roles: RoleModel, logger: Logger): Promise<void> {
  const existing = new Set((await roles.find({}, { name: 1 }).lean()).map((role) => role.name))
  const missing = DEFAULT_ROLES.filter((role) => !existing.has(role.name))
  for (const role of missing) {
    try {
      await roles.create({
        name: role.name,
        description: role.description,
        grants: role.grants,
        seededResources: [...RESOURCES],
      })
    } catch (error) {
      // Another process seeding at the same moment wins the unique index; that is the same outcome.
      if ((error as { code?: unknown }).code !== 11000) throw error
    }
  }
  if (missing.length > 0) logger.info('roles seeded', { roles: missing.map((role) => role.name) })
  await offerNewResources(roles, logger)
}

async function offerNewResources(roles: RoleModel, logger: Logger): Promise<void> {
  for (const defaults of DEFAULT_ROLES) {
    const role = await roles.findOne({ name: defaults.name }).select('+seededResources').lean()
    if (!role || RESOURCES.every((resource) => role.seededResources?.includes(resource))) continue
    const offered = new Set<string>(role.seededResources ?? FIRST_SEEDED)
    const held = new Set<string>(role.grants.map((grant) => grant.resource))
    const added = defaults.grants.filter((grant) => !offered.has(grant.resource) && !held.has(grant.resource))
    // Compare-and-set on what was read: two processes starting together add each grant once.
    await roles.updateOne(
      { _id: role._id, seededResources: role.seededResources ?? { $exists: false } },
      { $push: { grants: { $each: added } }, $set: { seededResources: [...RESOURCES] } },
    )
    if (added.length > 0) {
      logger.info('default grants of new resources added', { role: role.name, resources: added.map((g) => g.resource) })
    }
  }
}
