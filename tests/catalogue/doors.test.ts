import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminResources } from '../../src/admin/index.js'
import { CATALOGUE } from '../../src/models/catalogue.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

// Every catalogue resource is reachable through the documented REST door and sits in the admin panel under a
// navigation group of its own kind (never the generic fallback).

const GROUPS = new Set([
  'HR',
  'Workplace',
  'Recruitment',
  'Sales',
  'Settings',
  'Billing',
  'Money',
  'Projects',
  'Support',
])

describe('catalogue doors', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp('catalogue-doors')
  })
  afterAll(() => t.close())

  it('when the OpenAPI document is read, every catalogue resource has its list, item and history paths', async () => {
    const res = await request(t.app).get('/api/openapi.json')
    expect(res.status).toBe(200)
    const paths = Object.keys((res.body as { paths: Record<string, unknown> }).paths)
    const missing = Object.values(CATALOGUE).flatMap((def) =>
      [`/api/v1/${def.resource}`, `/api/v1/${def.resource}/{id}`, `/api/v1/${def.resource}/{id}/history`].filter(
        (path) => !paths.includes(path),
      ),
    )
    expect(missing).toEqual([])
  })

  it('when the admin panel is built, every catalogue resource is in a named navigation group', () => {
    const panel = adminResources(t.context)
    const groups = new Set(
      panel.map((entry) => (entry.options as { navigation?: { name?: string } | null }).navigation?.name ?? ''),
    )
    const placed = Object.values(CATALOGUE).map((def) => ({
      resource: def.resource,
      group: def.admin?.navigation ?? '(none)',
      inPanel: groups.has(def.admin?.navigation ?? '(none)'),
    }))
    const misplaced = placed.filter((entry) => !GROUPS.has(entry.group) || !entry.inPanel)
    expect(misplaced).toEqual([])
    expect(panel.length).toBeGreaterThanOrEqual(Object.keys(CATALOGUE).length * 2)
  })
})
