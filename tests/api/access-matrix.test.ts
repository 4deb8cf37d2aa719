import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, uniqueEmail } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// Issue 3's matrix for users and roles, written out here independently of src/access/matrix.ts, walked for every
// seeded role across every users/roles endpoint.

type Verb = 'list' | 'get' | 'create' | 'update' | 'deactivate' | 'delete'
const ROLES = ['dev', 'srdev', 'senior admin', 'admin', 'HR', 'bdm', 'user'] as const
type RoleName = (typeof ROLES)[number]

const ALLOWED: Record<'users' | 'roles', Record<RoleName, Verb[]>> = {
  users: {
    dev: ['list', 'get', 'create', 'update', 'deactivate'], // all but destroy
    srdev: ['list', 'get', 'create', 'update', 'deactivate'], // all
    'senior admin': ['list', 'get'],
    admin: [],
    HR: ['list', 'get'],
    bdm: [],
    user: [], // own profile only through /auth/me
  },
  roles: {
    dev: ['list', 'get'],
    srdev: ['list', 'get', 'create', 'update', 'delete'],
    'senior admin': ['list', 'get'],
    admin: [],
    HR: [],
    bdm: [],
    user: [],
  },
}

const SUCCESS: Record<Verb, number> = { list: 200, get: 200, create: 201, update: 200, deactivate: 200, delete: 200 }

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('access_matrix')
})
afterAll(async () => {
  await t.close()
})

/** Performs the verb and reports what it changed in the database, so a 403 can be checked to have changed nothing. */
async function userEndpoint(verb: Verb, token: string): Promise<{ status: number; changed: boolean }> {
  const target = await createUser(t, { role: 'user', name: 'Target' })
  const email = uniqueEmail('created')
  const auth = { authorization: token }
  const res = await {
    list: () => request(t.app).get('/api/v1/users').set(auth),
    get: () => request(t.app).get(`/api/v1/users/${target.id}`).set(auth),
    create: () => request(t.app).post('/api/v1/users').set(auth).send({ name: 'New', email, password: newPassword() }),
    update: () => request(t.app).patch(`/api/v1/users/${target.id}`).set(auth).send({ name: 'Changed' }),
    deactivate: () => request(t.app).delete(`/api/v1/users/${target.id}`).set(auth),
    delete: () => request(t.app).delete(`/api/v1/users/${target.id}`).set(auth),
  }[verb]()
  const stored = await t.context.models.users.findById(target.id).lean()
  const created = await t.context.models.users.exists({ email })
  const changed = Boolean(created) || stored?.name !== 'Target' || !stored.isActive
  return { status: res.status, changed }
}

async function roleEndpoint(verb: Verb, token: string): Promise<{ status: number; changed: boolean }> {
  const suffix = Math.random().toString(36).slice(2, 8)
  const target = await t.context.models.roles.create({ name: `target ${suffix}`, description: 'before', grants: [] })
  const id = String(target._id)
  const auth = { authorization: token }
  const res = await {
    list: () => request(t.app).get('/api/v1/roles').set(auth),
    get: () => request(t.app).get(`/api/v1/roles/${id}`).set(auth),
    create: () =>
      request(t.app)
        .post('/api/v1/roles')
        .set(auth)
        .send({ name: `new ${suffix}`, grants: [] }),
    update: () => request(t.app).patch(`/api/v1/roles/${id}`).set(auth).send({ description: 'after' }),
    deactivate: () => request(t.app).delete(`/api/v1/roles/${id}`).set(auth),
    delete: () => request(t.app).delete(`/api/v1/roles/${id}`).set(auth),
  }[verb]()
  const stored = await t.context.models.roles.findById(id).lean()
  const created = await t.context.models.roles.exists({ name: `new ${suffix}` })
  return { status: res.status, changed: Boolean(created) || stored?.description !== 'before' }
}

const USER_VERBS: Verb[] = ['list', 'get', 'create', 'update', 'deactivate']
const ROLE_VERBS: Verb[] = ['list', 'get', 'create', 'update', 'delete']
const READS = new Set<Verb>(['list', 'get'])

const cases = [
  ...ROLES.flatMap((role) => USER_VERBS.map((verb) => ({ resource: 'users' as const, role, verb }))),
  ...ROLES.flatMap((role) => ROLE_VERBS.map((verb) => ({ resource: 'roles' as const, role, verb }))),
]

describe('the seeded roles on every users and roles endpoint', () => {
  it.each(cases)('$role: $verb on $resource answers as the matrix says', async ({ resource, role, verb }) => {
    const actor = await createUser(t, { role })
    const allowed = ALLOWED[resource][role].includes(verb)
    const { status, changed } = await (resource === 'users'
      ? userEndpoint(verb, actor.token)
      : roleEndpoint(verb, actor.token))
    expect(status).toBe(allowed ? SUCCESS[verb] : 403)
    // A refused or read-only call leaves the data as it was; an allowed write changes it.
    expect(changed).toBe(allowed && !READS.has(verb))
  })
})
