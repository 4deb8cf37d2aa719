import request from 'supertest'
import { Types } from 'mongoose'
import { expect } from 'vitest'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import type { TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'

// What the project tests share: authorised requests, a project made through REST, stored state and audit trails.

export type Json = Record<string, unknown> & { _id: string }

export const unique = (): string => Math.random().toString(36).slice(2, 8)

export function as(user: TestUser): Record<string, string> {
  return { authorization: user.token }
}

/** Creates through REST and returns the record; fails the test on anything but 201. */
export async function created(t: TestApp, user: TestUser, resource: string, body: object): Promise<Json> {
  const res = await request(t.app).post(`/api/v1/${resource}`).set(as(user)).send(body)
  expect(res.status, `create ${resource}: ${JSON.stringify(res.body)}`).toBe(201)
  return (res.body as { data: Json }).data
}

export function projectBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Project ${unique()}`,
    budget: 100_000_00,
    startDate: '2026-01-01',
    endDate: '2026-06-30',
    ...overrides,
  }
}

/** The stored document, straight from the collection. */
export async function stored(t: TestApp, resource: string, id: string): Promise<Record<string, unknown> | null> {
  const service = t.context.resources.all.find((each) => each.def.resource === resource)
  if (!service) throw new Error(`${resource} is not in the catalogue`)
  return service.model.collection.findOne({ _id: new Types.ObjectId(id) })
}

export async function trail(t: TestApp, id: string): Promise<AuditEntry[]> {
  return t.context.resources.audit
    .find({ documentId: new Types.ObjectId(id) })
    .sort({ revision: 1 })
    .lean<AuditEntry[]>()
}

export function pathsOf(body: unknown): string[] {
  return ((body as { details?: Array<{ path: string }> }).details ?? []).map((detail) => detail.path)
}
