import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MASK } from '../../src/access/policy.js'
import { bookingResource } from '../../src/models/booking.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'
import { adminLogin } from './admin-session.js'

let t: TestApp
let senior: TestUser
let exporter: TestUser
const completed: string[] = []

beforeAll(async () => {
  t = await buildTestApp('admin_export')
  senior = await createUser(t, { role: 'senior admin' })
  // A role that exports only its own bookings, with emails masked: scope and masks come from the policy.
  await t.context.models.roles.create({
    name: 'exporter',
    description: 'test',
    grants: [{ resource: 'bookings', actions: ['read', 'export'], scope: 'own', maskedFields: ['email'] }],
  })
  exporter = await createUser(t, { role: 'exporter' })
  for (const amount of [300, 100, 200]) {
    completed.push((await seedBooking(t, senior, { status: 'Completed', total_amount: amount }))._id)
  }
  await seedBooking(t, senior, { status: 'Pending' })
  await seedBooking(t, exporter, { status: 'Completed', total_amount: 50 })
  const gone = await seedBooking(t, senior, { status: 'Completed' })
  await t.context.resources.bookings.trash({ kind: 'system' }, gone._id)
})
afterAll(async () => {
  await t.close()
})

function rowsOf(csv: string): string[][] {
  return csv
    .trim()
    .split('\r\n')
    .map((line) => line.split(','))
}

describe('admin CSV export: the list as filtered and sorted, in the caller scope and masks', () => {
  it('when a senior admin exports with a status filter and a sort, the CSV holds exactly those rows in that order', async () => {
    const res = await (
      await adminLogin(t, senior)
    ).get('/admin/export/Booking?filters.status=Completed&sortBy=total_amount&direction=asc&page=3')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    const [header, ...rows] = rowsOf(res.text)
    expect(header).toEqual([...bookingResource.exportColumns])
    const amount = header?.indexOf('total_amount') ?? -1
    expect(rows.map((row) => row[amount])).toEqual(['50', '100', '200', '300'])
    expect(rows.map((row) => row[header?.indexOf('status') ?? -1])).toEqual(Array(4).fill('Completed'))
  })

  it('when the export has a date range, only bookings dated inside it are exported', async () => {
    await seedBooking(t, senior, { status: 'Completed', date: '2020-01-15' })
    const res = await (
      await adminLogin(t, senior)
    ).get('/admin/export/Booking?filters.date~~from=2020-01-01&filters.date~~to=2020-01-31')
    expect(rowsOf(res.text)).toHaveLength(2)
  })

  it('when an own-scoped role exports, only its own rows come out and its masked fields are masked', async () => {
    const res = await (await adminLogin(t, exporter)).get('/admin/export/Booking?filters.status=Completed')
    const [header, ...rows] = rowsOf(res.text)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.[header?.indexOf('email') ?? -1]).toBe(MASK)
    expect(rows[0]?.[header?.indexOf('user_id') ?? -1]).toBe(exporter.id)
    expect(completed).not.toContain(rows[0]?.[0])
  })
})
