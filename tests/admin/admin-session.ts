import request from 'supertest'
import { expect } from 'vitest'
import type { TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'

export type AdminAgent = ReturnType<typeof request.agent>

/** Signs in through the panel's login form and keeps the session cookie, as a browser would. */
export async function adminLogin(t: TestApp, user: Pick<TestUser, 'email' | 'password'>): Promise<AdminAgent> {
  const agent = request.agent(t.app)
  const res = await agent.post('/admin/login').type('form').send({ email: user.email, password: user.password })
  expect(res.status, 'the login form redirects into the panel').toBe(302)
  expect(res.headers.location).toBe('/admin')
  return agent
}

/** The panel's record action URL. */
export const recordUrl = (resource: string, id: string, action: string): string =>
  `/admin/api/resources/${resource}/records/${id}/${action}`

/** The panel's resource action URL. */
export const resourceUrl = (resource: string, action: string): string =>
  `/admin/api/resources/${resource}/actions/${action}`

/** Posts an AdminJS form as the panel does: multipart, flattened keys (`services.0`), every value as text. */
export async function postForm(
  agent: AdminAgent,
  url: string,
  fields: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  let req = agent.post(url).set(headers)
  for (const [key, value] of Object.entries(flatten(fields))) req = req.field(key, value)
  return req
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (inner !== null && typeof inner === 'object' && !(inner instanceof Date)) {
      Object.assign(out, flatten(inner as Record<string, unknown>, path))
    } else out[path] = textOf(inner)
  }
  return out
}
