import type { Logger } from '../logger.js'
import type { RoleModel } from '../models/role.js'
import { DEFAULT_ROLES } from './matrix.js'

/**
 * Inserts the default roles that are missing. Existing roles are left as they are: once seeded, the matrix belongs
 * to srdev (/api/v1/roles), and a restart must not undo their edits.
 */
export async function seedRoles(roles: RoleModel, logger: Logger): Promise<void> {
  const existing = new Set((await roles.find({}, { name: 1 }).lean()).map((role) => role.name))
  const missing = DEFAULT_ROLES.filter((role) => !existing.has(role.name))
  for (const role of missing) {
    try {
      await roles.create({ name: role.name, description: role.description, grants: role.grants })
    } catch (error) {
      // Another process seeding at the same moment wins the unique index; that is the same outcome.
      if ((error as { code?: unknown }).code !== 11000) throw error
    }
  }
  if (missing.length > 0) logger.info('roles seeded', { roles: missing.map((role) => role.name) })
}
