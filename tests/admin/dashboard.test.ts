import { ForbiddenError } from 'adminjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserActor } from '../../src/access/actor.js'
import { MASK } from '../../src/access/policy.js'
import { dashboardOptions, loadDashboard, type DashboardData } from '../../src/admin/dashboard/index.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, bookingPayload } from '../setup/resource-app.js'

// The dashboard's figures, read through the real model layer on this file's own database, at a fixed "now" so the
// month and the 30-day window do not depend on the day the suite runs.

const NOW = new Date('2026-03-15T10:00:00Z')

let t: TestApp
let srdev: TestUser
let bdm: TestUser
let srdevActor: UserActor
let bdmActor: UserActor

async function book(owner: TestUser, overrides: Record<string, unknown>): Promise<string> {
  const record = await t.context.resources.bookings.create(
    srdevActor,
    bookingPayload({ user_id: owner.id, ...overrides }),
  )
  return String(record._id)
}

beforeAll(async () => {
  t = await buildTestApp('admin-dashboard')
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
  bdm = await createUser(t, { role: 'bdm', name: 'Bala Sales' })
  srdevActor = await actorOf(t, srdev)
  bdmActor = await actorOf(t, bdm)
  // srdev's own bookings: today, earlier this month, last month inside the window, and long ago.
  await book(srdev, { date: '2026-03-15', status: 'Pending', total_amount: 10000, term_1: 2500 })
  await book(srdev, { date: '2026-03-02', status: 'Completed', total_amount: 5000, term_1: 5000 })
  await book(srdev, { date: '2026-02-20', status: 'In Progress', total_amount: 8000, term_1: 1000 })
  await book(srdev, { date: '2026-01-01', status: 'Pending', total_amount: 1000 })
  // A trashed booking counts nowhere.
  const trashed = await book(srdev, { date: '2026-03-10', status: 'Pending', total_amount: 99999 })
  await t.context.resources.bookings.trash(srdevActor, trashed, { reason: 'duplicate entry' })
  // The bdm's own bookings.
  await book(bdm, { date: '2026-03-15', status: 'Pending', total_amount: 20000, term_1: 4000 })
  await book(bdm, { date: '2026-03-02', status: 'In Progress', total_amount: 3000 })
})
afterAll(async () => {
  await t.close()
})

const countOn = (data: DashboardData, day: string) => data.bookings?.perDay.find((row) => row.day === day)?.count

describe('admin dashboard: booking figures', () => {
  it('when srdev opens it, counts every live booking by status, every status listed, trashed ones left out', async () => {
    const data = await loadDashboard(t.context, srdevActor, NOW)
    expect(data.bookings?.scope).toBe('all')
    expect(data.bookings?.byStatus).toEqual([
      { status: 'Pending', count: 3 },
      { status: 'In Progress', count: 2 },
      { status: 'Completed', count: 1 },
    ])
    expect(data.bookings?.total).toBe(6)
  })

  it("when srdev opens it, sums this month's received and pending amounts over bookings dated this month", async () => {
    const data = await loadDashboard(t.context, srdevActor, NOW)
    expect(data.bookings?.thisMonth).toEqual({
      month: '2026-03-01',
      count: 4,
      total: 38000,
      received: 11500,
      pending: 26500,
    })
  })

  it('when srdev opens it, gives 30 days ending today, oldest first, with empty days at 0', async () => {
    const data = await loadDashboard(t.context, srdevActor, NOW)
    const series = data.bookings?.perDay ?? []
    expect(series).toHaveLength(30)
    expect(series[0]?.day).toBe('2026-02-14')
    expect(series[29]?.day).toBe('2026-03-15')
    expect(countOn(data, '2026-03-15')).toBe(2)
    expect(countOn(data, '2026-03-02')).toBe(2)
    expect(countOn(data, '2026-02-20')).toBe(1)
    expect(countOn(data, '2026-03-10')).toBe(0)
    expect(series.reduce((sum, day) => sum + day.count, 0)).toBe(5)
  })

  it('when a bdm opens it, every figure covers only the bookings they own', async () => {
    const data = await loadDashboard(t.context, bdmActor, NOW)
    expect(data.bookings).toMatchObject({
      scope: 'own',
      total: 2,
      byStatus: [
        { status: 'Pending', count: 1 },
        { status: 'In Progress', count: 1 },
        { status: 'Completed', count: 0 },
      ],
      thisMonth: { month: '2026-03-01', count: 2, total: 23000, received: 4000, pending: 19000 },
    })
    expect(countOn(data, '2026-03-15')).toBe(1)
    expect(countOn(data, '2026-03-02')).toBe(1)
    expect(data.bookings?.perDay.reduce((sum, day) => sum + day.count, 0)).toBe(2)
  })

  it('when a role may not read bookings (HR), shows no booking figures at all', async () => {
    const hr = await createUser(t, { role: 'HR' })
    const data = await loadDashboard(t.context, await actorOf(t, hr), NOW)
    expect(data.bookings).toBeNull()
  })
})

describe('admin dashboard: latest changes', () => {
  it('when srdev opens it, lists the latest committed audit entries newest first, with who did what', async () => {
    const data = await loadDashboard(t.context, srdevActor, NOW)
    expect(data.recentChanges).toHaveLength(8)
    const [latest, ...rest] = data.recentChanges
    expect(latest).toMatchObject({
      resource: 'bookings',
      resourceId: 'Booking',
      action: 'create',
      revision: 1,
      actor: 'Sunita Dev (srdev)',
    })
    expect(latest?.changes).toContainEqual({ path: 'total_amount', after: 3000 })
    expect(rest.find((change) => change.action === 'trash')).toMatchObject({ reason: 'duplicate entry', revision: 2 })
    const times = data.recentChanges.map((change) => change.at)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it('when a bdm opens it (no history grant), lists no changes', async () => {
    const data = await loadDashboard(t.context, bdmActor, NOW)
    expect(data.recentChanges).toEqual([])
  })

  it("when the viewer's role masks a field, that field's before and after are masked in the list", async () => {
    await t.context.models.roles.create({
      name: 'auditor',
      description: 'Reads booking history, never contact emails',
      grants: [{ resource: 'bookings', actions: ['read', 'history'], maskedFields: ['email'] }],
    })
    const auditor = await createUser(t, { role: 'auditor' })
    const data = await loadDashboard(t.context, await actorOf(t, auditor), NOW)
    const emails = data.recentChanges.flatMap((change) => change.changes.filter((field) => field.path === 'email'))
    expect(emails.length).toBeGreaterThan(0)
    expect(emails.every((field) => field.after === MASK)).toBe(true)
    expect(JSON.stringify(data)).not.toContain('meera@example.com')
  })
})

describe('admin dashboard: the AdminJS handler', () => {
  const currentAdmin = (user: TestUser) => ({ id: user.id, email: user.email, title: user.name })

  it("when the session's admin is a bdm, answers with their own figures, read for today", async () => {
    const data = await dashboardOptions(t.context).handler({}, {}, { currentAdmin: currentAdmin(bdm) })
    expect(data.bookings).toMatchObject({ scope: 'own', total: 2 })
    expect(data.bookings?.perDay.at(-1)?.day).toBe(new Date().toISOString().slice(0, 10))
  })

  it('when the session holds no admin or a deactivated one, refuses', async () => {
    const handler = dashboardOptions(t.context).handler
    await expect(handler({}, {}, {})).rejects.toBeInstanceOf(ForbiddenError)
    const gone = await createUser(t, { role: 'srdev', isActive: false })
    await expect(handler({}, {}, { currentAdmin: currentAdmin(gone) })).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('names the registered Dashboard component', () => {
    expect(dashboardOptions(t.context).component).toBe('Dashboard')
  })
})
