import request from 'supertest'
import { expect } from 'vitest'
import { seedSalesLists } from '../../src/models/sales/seed-sales-lists.js'
import type { TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The sales tests' app: the real app on its own database with the sales lists seeded as main.ts seeds them, and
// REST helpers that fail the test when a set-up request is refused.

export type Body = Record<string, unknown>
export type Stored = Body & { _id: string }

export async function buildSalesApp(label: string): Promise<TestApp> {
  const t = await buildTestApp(label)
  await seedSalesLists(t.context.resources, t.context.logger)
  return t
}

export function auth(user: TestUser): Record<string, string> {
  return { Authorization: `Bearer ${user.token}` }
}

export const unique = (): string => Math.random().toString(36).slice(2, 8)

/** POSTs through REST as `user`; fails the test unless 201. */
export async function created(t: TestApp, user: TestUser, path: string, body: Body): Promise<Stored> {
  const res = await request(t.app).post(`/api/v1/${path}`).set(auth(user)).send(body)
  expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBe(201)
  return (res.body as { data: Stored }).data
}

/** A pipeline with stages named in order (order 1, 2, ...). */
export async function pipelineWith(
  t: TestApp,
  user: TestUser,
  stageNames: readonly string[],
): Promise<{ pipeline: string; stages: string[] }> {
  const pipeline = (await created(t, user, 'pipelines', { name: `Pipeline ${unique()}` }))._id
  const stages: string[] = []
  for (const [index, name] of stageNames.entries()) {
    stages.push((await created(t, user, 'stages', { name, pipeline, order: index + 1 }))._id)
  }
  return { pipeline, stages }
}

/** A client owned by `ownerId`. */
export async function clientOf(t: TestApp, user: TestUser, ownerId: string): Promise<string> {
  return (await created(t, user, 'clients', { companyName: `Client ${unique()}`, ownerId }))._id
}

/** Problems' paths of an error response. */
export function pathsOf(body: unknown): string[] {
  return ((body as { details?: Array<{ path: string }> }).details ?? []).map((detail) => detail.path)
}
