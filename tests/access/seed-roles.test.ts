import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROLES } from '../../src/access/matrix.js'
import { seedRoles } from '../../src/access/seed-roles.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('seed_roles')
})
afterAll(async () => {
  await t.close()
})

const roles = () => t.context.models.roles
const resourcesOf = async (name: string): Promise<string[]> =>
  ((await roles().findOne({ name }).lean())?.grants ?? []).map((grant) => grant.resource)

describe('seeding roles on a database seeded before a resource existed', () => {
  it('when the app starts, then each default role is offered the new resource once, and a removed grant stays removed', async () => {
    // A database seeded before job-runs: the roles lack the grant and the record of what they were offered.
    await roles().updateMany({}, { $pull: { grants: { resource: 'job-runs' } }, $unset: { seededResources: 1 } })
    expect(await resourcesOf('srdev')).not.toContain('job-runs')

    await Promise.all([seedRoles(roles(), t.context.logger), seedRoles(roles(), t.context.logger)])
    for (const role of DEFAULT_ROLES) {
      const expected = role.grants.filter((grant) => grant.resource === 'job-runs').length
      expect(
        (await resourcesOf(role.name)).filter((r) => r === 'job-runs'),
        role.name,
      ).toHaveLength(expected)
    }
    const dev = await roles().findOne({ name: 'dev' }).lean()
    expect(dev?.grants.find((grant) => grant.resource === 'job-runs')?.actions).toEqual(['read', 'run'])

    // srdev takes the grant away from dev; a restart must not undo that.
    await roles().updateOne({ name: 'dev' }, { $pull: { grants: { resource: 'job-runs' } } })
    await seedRoles(roles(), t.context.logger)
    expect(await resourcesOf('dev')).not.toContain('job-runs')
    expect((await roles().findOne({ name: 'dev' }).lean())?.seededResources).toBeUndefined()
  })
})
