import { Types } from 'mongoose'
import request from 'supertest'
import { expect } from 'vitest'
import { seedOrganisation } from '../../src/models/seed-organisation.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { employeePayload } from '../setup/employee-app.js'

// What the people tests share: staff with employee profiles, and requests with a token.

export function bearer(user: TestUser): Record<string, string> {
  return { Authorization: `Bearer ${user.token}` }
}

export interface Staff {
  readonly user: TestUser
  /** The employee profile's id. */
  readonly employee: string
}

const seeded = new WeakSet<TestApp>()

/** A user of `role` with an employee profile, created by `by` (srdev or HR) through REST. */
export async function staffMember(t: TestApp, by: TestUser, role = 'user'): Promise<Staff> {
  if (!seeded.has(t)) {
    await seedOrganisation(t.context.resources, t.context.logger)
    seeded.add(t)
  }
  const user = await createUser(t, { role })
  const res = await request(t.app)
    .post('/api/v1/employees')
    .set(bearer(by))
    .send(employeePayload({ userId: user.id, employeeFullName: `Staff ${user.id.slice(-6)}` }))
  expect(res.status, `creating an employee: ${JSON.stringify(res.body)}`).toBe(201)
  return { user, employee: (res.body as { data: { _id: string } }).data._id }
}

/** The `data` of an envelope. */
export function dataOf(res: { body: unknown }): Record<string, unknown> {
  return (res.body as { data: Record<string, unknown> }).data
}

/** The audit actions of one document, oldest first. */
export async function auditActions(t: TestApp, id: string): Promise<string[]> {
  const entries = await t.context.resources.audit
    .find({ documentId: new Types.ObjectId(id) })
    .sort({ revision: 1 })
    .lean<Array<{ action: string }>>()
  return entries.map((entry) => entry.action)
}

/** A stored document of a people collection, read with the driver (what is really there). */
export function storedIn(t: TestApp, collection: string, id: string) {
  return t.context.db.connection.collection(collection).findOne({ _id: new Types.ObjectId(id) })
}
