import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../../factories.js'
import { buildTestApp, type TestApp } from '../../setup/app.js'
import { bearer, staffMember, type Staff } from '../fixtures.js'

// Needs the bulk import (POST /api/v1/<resource>/import, branch `wire`). The monthly attendance sheet HR keeps: one
// row per employee per day; three rows are bad and are reported by line; the rest are imported under one import id.

// 5,000 audited writes: about 15 s on a quiet 2-core box, twice that and more when the machine is busy. A time limit, not
// a speed check (speed is in `npm run bench:import`).
const IMPORT_TIMEOUT_MS = 180_000

describe('attendance import (after merge)', () => {
  let t: TestApp
  let hr: TestUser
  let staff: Staff
  const ROWS = 5000
  const BAD_LINES = [101, 2502, 4999]

  beforeAll(async () => {
    t = await buildTestApp('people-attendance-import', { env: { IMPORT_MAX_BYTES: String(8 * 1024 * 1024) } })
    hr = await createUser(t, { role: 'HR' })
    staff = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  /** Line 1 is the header; data line n is day n-2 after 2010-01-01. */
  function sheet(): string {
    const lines = ['employee,date,checkIn,checkOut,workFrom']
    for (let line = 2; line <= ROWS + 1; line += 1) {
      const day = new Date(Date.UTC(2010, 0, 1 + line - 2)).toISOString().slice(0, 10)
      const bad = BAD_LINES.indexOf(line)
      const checkIn = bad === 0 ? '25:00' : '09:30'
      const workFrom = bad === 1 ? 'beach' : 'office'
      const checkOut = bad === 2 ? '08:00' : '18:00'
      lines.push(`${staff.employee},${day},${checkIn},${checkOut},${workFrom}`)
    }
    return `${lines.join('\n')}\n`
  }

  const upload = (query: string) =>
    request(t.app)
      .post(`/api/v1/attendance/import?${query}`)
      .set(bearer(hr))
      .attach('file', Buffer.from(sheet()), 'attendance-2010.csv')

  it(
    'when dry run, reports the three bad rows by line and field and writes nothing',
    async () => {
      const res = await upload('dryRun=true')
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
      expect(res.body.data).toMatchObject({ dryRun: true, total: ROWS, written: 0, badRows: 3 })
      expect(res.body.data.bad).toEqual([
        { line: BAD_LINES[0], field: 'checkIn', message: expect.any(String) },
        { line: BAD_LINES[1], field: 'workFrom', message: expect.any(String) },
        { line: BAD_LINES[2], field: 'checkOut', message: expect.any(String) },
      ])
      expect(await t.context.resources.attendance.model.countDocuments({})).toBe(0)
    },
    IMPORT_TIMEOUT_MS,
  )

  it(
    'when imported valid-only, the other rows are stored, each audited under one import id',
    async () => {
      const res = await upload('mode=valid-only')
      expect(res.status).toBe(201)
      expect(res.body.data).toMatchObject({ total: ROWS, written: ROWS - 3, badRows: 3 })
      expect(await t.context.resources.attendance.model.countDocuments({ employee: staff.employee })).toBe(ROWS - 3)
      const importId = String(res.body.data.importId)
      const entries = await t.context.resources.audit.countDocuments({ importId, resource: 'attendance' })
      expect(entries).toBe(ROWS - 3)
    },
    IMPORT_TIMEOUT_MS,
  )
})
