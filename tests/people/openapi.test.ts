import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../setup/app.js'

// The people resources and their extra verbs are in the generated OpenAPI document, from the same zod schemas.

describe('people in OpenAPI', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp('people-openapi')
  })
  afterAll(() => t.close())

  it('when the document is read, it describes every people route', async () => {
    const res = await request(t.app).get('/api/openapi.json')
    expect(res.status).toBe(200)
    const paths = Object.keys(res.body.paths as Record<string, unknown>)
    for (const path of [
      '/api/v1/attendance',
      '/api/v1/leaves/{id}/approve',
      '/api/v1/leaves/balance',
      '/api/v1/messages/{id}/read',
      '/api/v1/employee-salaries/current',
      '/api/v1/job-applications/{id}/cv',
      '/api/v1/interview-schedules',
      '/api/v1/events',
      '/api/v1/jobs',
    ]) {
      expect(paths).toContain(path)
    }
  })
})
