import { systemActor } from '../access/actor.js'
import type { Logger } from '../logger.js'
import type { ResourceService } from './bind-resource.js'
import type { Resources } from './index.js'
import { SEED_BRANCHES, SEED_DEPARTMENTS, SEED_DESIGNATIONS } from './organisation.js'

// Seed 1's departments and branches (and a few designations), written once into empty collections through the
// audited services. Once anything exists (trashed included) the lists belong to HR and a restart leaves them be.

/** Writes the rows into an empty collection (trashed records count), through the audited service. */
export async function seedList(
  service: ResourceService,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number> {
  const existing = await service.model.countDocuments({}).setOptions({ withTrashed: true })
  if (existing > 0) return 0
  let created = 0
  for (const row of rows) {
    try {
      await service.create(systemActor, row, { reason: 'seeded' })
      created += 1
    } catch (error) {
      // Another process seeding at the same moment took the unique name; that is the same outcome.
      if ((error as { status?: unknown }).status !== 409 && (error as { code?: unknown }).code !== 11000) throw error
    }
  }
  return created
}

export async function seedOrganisation(resources: Resources, logger: Logger): Promise<void> {
  const departments = await seedList(resources.departments, SEED_DEPARTMENTS)
  const branches = await seedList(resources.branches, SEED_BRANCHES)
  const designations = await seedList(resources.designations, SEED_DESIGNATIONS)
  if (departments + branches + designations > 0) {
    logger.info('organisation lists seeded', { departments, branches, designations })
  }
}
