import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import type { ResourceService } from '../../src/models/bind-resource.js'
import { seedSalesLists } from '../../src/models/sales/seed-sales-lists.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The table-driven catalogue walk (issue 15): every catalogue resource through create, list with a filter, get,
// update, trash, restore, history and permanent delete, as an allowed role and as a refused one. Each area's cases
// live in tests/catalogue/cases/<area>.ts and are walked by tests/catalogue/<area>.test.ts; coverage.test.ts checks
// that every declared catalogue resource has a case.

type Body = Record<string, unknown>
export type Stored = Body & { _id: string }

export interface CaseContext {
  readonly t: TestApp
  /** srdev: holds every action on every declared resource by default. */
  readonly admin: TestUser
  /** Creates a record through REST as srdev (for the records a sample references); fails the test on non-201. */
  create(resource: string, body: Body): Promise<Stored>
}

export interface CatalogueCase {
  /** The resource's policy name and URL segment (`clients`). */
  readonly resource: string
  /** A valid create body; may create the records it references first. Called once per walk. */
  sample(ctx: CaseContext): Promise<Body> | Body
  /** A valid partial update; each of its top-level fields is checked in the stored record afterwards. */
  readonly update: Body
  /** A list query that matches the created record (`{ q: 'Acme' }`, `{ status: 'open' }`). */
  filter(created: Stored): Record<string, string>
  /** The role that may do everything (default `srdev`). */
  readonly allowedRole?: string
  /**
   * A role with no grant on the resource, or one whose `own` scope does not reach a record someone else created
   * (default `user`). `null` where every role may create its own records (calendar entries, tickets): those
   * resources' own tests check that one owner cannot reach another's.
   */
  readonly refusedRole?: string | null
}

/** Walks each case against one app (one database) per area. */
export function describeCatalogue(area: string, cases: readonly CatalogueCase[]): void {
  describe(`catalogue: ${area}`, () => {
    let t: TestApp
    let ctx: CaseContext
    const users = new Map<string, TestUser>()
    const userOf = async (role: string): Promise<TestUser> => {
      const known = users.get(role)
      if (known) return known
      const user = await createUser(t, { role })
      users.set(role, user)
      return user
    }

    beforeAll(async () => {
      t = await buildTestApp(`catalogue-${area}`)
      // The lists main.ts seeds at start-up (currencies that money fields default to, countries).
      await seedSalesLists(t.context.resources, t.context.logger)
      const admin = await userOf('srdev')
      ctx = {
        t,
        admin,
        create: async (resource, body) => {
          const res = await request(t.app).post(`/api/v1/${resource}`).set(auth(admin)).send(body)
          expect(res.status, `creating a ${resource} for the sample: ${JSON.stringify(res.body)}`).toBe(201)
          return (res.body as { data: Stored }).data
        },
      }
    })
    afterAll(() => t.close())

    it.each(cases.map((entry) => [entry.resource, entry] as const))('%s', async (resource, entry) => {
      const service = serviceOf(t, resource)
      const allowed = await userOf(entry.allowedRole ?? 'srdev')
      const refused = entry.refusedRole === null ? null : await userOf(entry.refusedRole ?? 'user')
      const base = `/api/v1/${resource}`
      const sample = await entry.sample(ctx)
      const count = () => service.model.collection.countDocuments({})
      const exists = async (id: string) =>
        (await service.model.collection.countDocuments({ _id: new Types.ObjectId(id) })) === 1

      // Create: refused first (nothing stored), then allowed (stored and audited).
      const before = await count()
      if (refused) {
        const refusedCreate = await request(t.app).post(base).set(auth(refused)).send(sample)
        expect(refusedCreate.status, 'refused create').toBe(403)
        expect(await count()).toBe(before)
      }
      const created = await request(t.app).post(base).set(auth(allowed)).send(sample)
      expect(created.status, `create: ${JSON.stringify(created.body)}`).toBe(201)
      const record = (created.body as { data: Stored }).data
      const id = record._id
      expect(await exists(id)).toBe(true)
      expect((await auditOf(t, id)).map((entry) => entry.action)).toEqual(['create'])

      // List with the case's filter, and one single read.
      const listed = await request(t.app).get(base).query(entry.filter(record)).set(auth(allowed))
      expect(listed.status, `list: ${JSON.stringify(listed.body)}`).toBe(200)
      expect(idsOf(listed.body)).toContain(id)
      const got = await request(t.app).get(`${base}/${id}`).set(auth(allowed))
      expect(got.status).toBe(200)
      expect((got.body as { data: Stored }).data._id).toBe(id)
      if (refused && !service.def.readableByAnyUser) {
        const refusedList = await request(t.app).get(base).set(auth(refused))
        // 403, or (an `own` scope) a page without the record.
        if (refusedList.status !== 403) expect(idsOf(refusedList.body), 'refused list').not.toContain(id)
        const refusedGet = await request(t.app).get(`${base}/${id}`).set(auth(refused))
        expect([403, 404], 'refused get').toContain(refusedGet.status)
      }

      // Update: refused changes nothing; allowed is stored.
      if (refused) {
        const refusedUpdate = await request(t.app).patch(`${base}/${id}`).set(auth(refused)).send(entry.update)
        expect([403, 404], 'refused update').toContain(refusedUpdate.status)
      }
      const updated = await request(t.app).patch(`${base}/${id}`).set(auth(allowed)).send(entry.update)
      expect(updated.status, `update: ${JSON.stringify(updated.body)}`).toBe(200)
      const stored = await service.model.collection.findOne({ _id: new Types.ObjectId(id) })
      for (const [field, value] of Object.entries(entry.update)) {
        expect(JSON.parse(JSON.stringify(stored?.[field])), `stored ${field}`).toEqual(value)
      }

      // Trash (gone from the list), restore (back), history (every step).
      if (refused) {
        const refusedTrash = await request(t.app).delete(`${base}/${id}`).set(auth(refused))
        expect([403, 404], 'refused trash').toContain(refusedTrash.status)
      }
      expect((await request(t.app).delete(`${base}/${id}`).set(auth(allowed))).status).toBe(200)
      const whileTrashed = await request(t.app).get(base).query(entry.filter(record)).set(auth(allowed))
      expect(idsOf(whileTrashed.body)).not.toContain(id)
      const restored = await request(t.app).post(`${base}/${id}/restore`).set(auth(allowed))
      expect(restored.status, `restore: ${JSON.stringify(restored.body)}`).toBe(200)
      const history = await request(t.app).get(`${base}/${id}/history`).set(auth(allowed))
      expect(history.status).toBe(200)
      const actions = (history.body as { data: Array<{ action: string }> }).data.map((item) => item.action)
      expect([...actions].sort()).toEqual(['create', 'restore', 'trash', 'update'])

      // Permanent delete: refused keeps it; allowed (after trashing) removes it and leaves its entry.
      expect((await request(t.app).delete(`${base}/${id}`).set(auth(allowed))).status).toBe(200)
      if (refused) {
        const refusedDestroy = await request(t.app).delete(`${base}/${id}/permanent`).set(auth(refused))
        expect([403, 404], 'refused destroy').toContain(refusedDestroy.status)
      }
      expect(await exists(id)).toBe(true)
      const destroyed = await request(t.app).delete(`${base}/${id}/permanent`).set(auth(allowed))
      expect(destroyed.status, `destroy: ${JSON.stringify(destroyed.body)}`).toBe(200)
      expect(await exists(id)).toBe(false)
      expect((await auditOf(t, id)).map((entry) => entry.action)).toContain('destroy')
    })
  })
}

function auth(user: TestUser): Record<string, string> {
  return { Authorization: `Bearer ${user.token}` }
}

function serviceOf(t: TestApp, resource: string): ResourceService {
  const service = t.context.resources.all.find((each) => each.def.resource === resource)
  if (!service) throw new Error(`${resource} is not in the catalogue`)
  return service
}

function idsOf(body: unknown): string[] {
  return (body as { data: Array<{ _id: string }> }).data.map((item) => item._id)
}

async function auditOf(t: TestApp, id: string): Promise<AuditEntry[]> {
  return t.context.resources.audit
    .find({ documentId: new Types.ObjectId(id) })
    .sort({ revision: 1 })
    .lean<AuditEntry[]>()
}
