import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditActions, bearer, dataOf, staffMember, storedIn, type Staff } from './fixtures.js'

// A leave from request to decision: the employee asks, HR approves or rejects (with a reason), nobody else decides;
// the request's own dates are checked (400) and so are the employee's other leaves (409).

describe('leaves', () => {
  let t: TestApp
  let hr: TestUser
  let bdm: TestUser
  let staff: Staff

  beforeAll(async () => {
    t = await buildTestApp('people-leaves')
    hr = await createUser(t, { role: 'HR' })
    bdm = await createUser(t, { role: 'bdm' })
    staff = await staffMember(t, hr)
  })
  afterAll(() => t.close())

  const ask = (by: TestUser, body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/leaves').set(bearer(by)).send(body)
  const leave = (startDate: string, endDate: string, extra: Record<string, unknown> = {}) => ({
    employee: staff.employee,
    leaveType: 'casual',
    startDate,
    endDate,
    reason: 'Family function',
    ...extra,
  })

  it('when the employee asks and HR approves, the leave is approved, each step audited with its actor', async () => {
    const created = await ask(staff.user, leave('2026-02-02', '2026-02-04'))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = String(dataOf(created)._id)
    expect(dataOf(created)).toMatchObject({ status: 'pending', userId: staff.user.id, leaveType: 'casual' })

    const approved = await request(t.app).post(`/api/v1/leaves/${id}/approve`).set(bearer(hr)).send({})
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    expect(dataOf(approved).status).toBe('approved')
    expect((await storedIn(t, 'leaves', id))?.status).toBe('approved')
    expect(await auditActions(t, id)).toEqual(['create', 'transition'])
    const entry = await t.context.resources.audit.findOne({ documentId: created.body.data._id, action: 'transition' })
    expect(entry?.actor).toMatchObject({ kind: 'user', id: hr.id })
  })

  it('when HR rejects without a reason, responds 400 naming reason and the leave stays pending', async () => {
    const id = String(dataOf(await ask(staff.user, leave('2026-03-02', '2026-03-02')))._id)
    const refused = await request(t.app).post(`/api/v1/leaves/${id}/reject`).set(bearer(hr)).send({})
    expect(refused.status).toBe(400)
    expect(refused.body.details).toEqual([{ path: 'reason', message: 'is required' }])
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')

    const rejected = await request(t.app)
      .post(`/api/v1/leaves/${id}/reject`)
      .set(bearer(hr))
      .send({ reason: 'Quarter close' })
    expect(rejected.status).toBe(200)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('rejected')
    const entry = await t.context.resources.audit.findOne({ action: 'transition', reason: 'reject: Quarter close' })
    expect(entry).not.toBeNull()
  })

  it('when a bdm without HR grants tries to approve, responds 403 on their own leave and 404 on another', async () => {
    const own = await staffMember(t, hr, 'bdm')
    const ownLeave = await ask(own.user, { ...leave('2026-04-06', '2026-04-07'), employee: own.employee })
    expect(ownLeave.status, JSON.stringify(ownLeave.body)).toBe(201)
    const ownId = String(dataOf(ownLeave)._id)
    const refused = await request(t.app).post(`/api/v1/leaves/${ownId}/approve`).set(bearer(own.user)).send({})
    expect(refused.status).toBe(403)
    expect((await storedIn(t, 'leaves', ownId))?.status).toBe('pending')
    expect(await auditActions(t, ownId)).toEqual(['create'])

    const id = String(dataOf(await ask(staff.user, leave('2026-04-06', '2026-04-07')))._id)
    const unseen = await request(t.app).post(`/api/v1/leaves/${id}/approve`).set(bearer(bdm)).send({})
    expect(unseen.status).toBe(404)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')
  })

  it('when the employee themself tries to approve their own leave, responds 403', async () => {
    const id = String(dataOf(await ask(staff.user, leave('2026-04-13', '2026-04-13')))._id)
    const refused = await request(t.app).post(`/api/v1/leaves/${id}/approve`).set(bearer(staff.user)).send({})
    expect(refused.status).toBe(403)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')
  })

  it('when a leave overlaps another pending or approved leave of the employee, responds 409 naming the dates', async () => {
    const first = String(dataOf(await ask(staff.user, leave('2026-05-04', '2026-05-08')))._id)
    const before = await t.context.resources.leaves.model.countDocuments({})
    const overlapping = await ask(staff.user, leave('2026-05-08', '2026-05-11'))
    expect(overlapping.status).toBe(409)
    expect(overlapping.body.details.map((detail: { path: string }) => detail.path)).toEqual(['startDate', 'endDate'])
    expect(overlapping.body.details[0].message).toContain(first)
    expect(await t.context.resources.leaves.model.countDocuments({})).toBe(before)
  })

  it('when the other leave was rejected, the same days may be asked for again', async () => {
    const first = String(dataOf(await ask(staff.user, leave('2026-06-01', '2026-06-02')))._id)
    await request(t.app).post(`/api/v1/leaves/${first}/reject`).set(bearer(hr)).send({ reason: 'Audit week' })
    const again = await ask(staff.user, leave('2026-06-01', '2026-06-02'))
    expect(again.status, JSON.stringify(again.body)).toBe(201)
  })

  it('when an update moves a leave onto another, responds 409 and the stored dates stay', async () => {
    await ask(staff.user, leave('2026-07-06', '2026-07-07'))
    const id = String(dataOf(await ask(staff.user, leave('2026-07-13', '2026-07-14')))._id)
    const moved = await request(t.app)
      .patch(`/api/v1/leaves/${id}`)
      .set(bearer(staff.user))
      .send({ startDate: '2026-07-07' })
    expect(moved.status).toBe(409)
    expect((await storedIn(t, 'leaves', id))?.startDate).toEqual(new Date('2026-07-13'))
  })

  it('when the end is before the start, responds 400 naming endDate and stores nothing', async () => {
    const before = await t.context.resources.leaves.model.countDocuments({})
    const refused = await ask(staff.user, leave('2026-08-10', '2026-08-07'))
    expect(refused.status).toBe(400)
    expect(refused.body.details).toEqual([{ path: 'endDate', message: 'must not be before startDate' }])
    expect(await t.context.resources.leaves.model.countDocuments({})).toBe(before)
  })

  it('when a leave of several days is marked a half day, responds 400 naming isHalfDay', async () => {
    const refused = await ask(staff.user, leave('2026-08-17', '2026-08-18', { isHalfDay: true }))
    expect(refused.status).toBe(400)
    expect(refused.body.details[0].path).toBe('isHalfDay')
  })

  it('when the leave type is not one of the four, responds 400 naming leaveType', async () => {
    const refused = await ask(staff.user, leave('2026-08-24', '2026-08-24', { leaveType: 'sabbatical' }))
    expect(refused.status).toBe(400)
    expect(refused.body.details[0].path).toBe('leaveType')
  })

  it('when the employee edits a decided leave, responds 409: only a pending request is theirs to correct', async () => {
    const id = String(dataOf(await ask(staff.user, leave('2026-09-07', '2026-09-07')))._id)
    await request(t.app).post(`/api/v1/leaves/${id}/approve`).set(bearer(hr)).send({})
    const edited = await request(t.app).patch(`/api/v1/leaves/${id}`).set(bearer(staff.user)).send({ reason: 'x' })
    expect(edited.status).toBe(409)
    expect((await storedIn(t, 'leaves', id))?.reason).toBe('Family function')
  })

  it("when another member of staff lists leaves, they see none of this employee's", async () => {
    const other = await createUser(t, { role: 'user' })
    const listed = await request(t.app).get('/api/v1/leaves').set(bearer(other))
    expect(listed.status).toBe(200)
    expect(listed.body.data).toEqual([])
    const all = await request(t.app).get('/api/v1/leaves').query({ employee: staff.employee }).set(bearer(hr))
    expect(all.body.meta.total).toBeGreaterThan(0)
  })
})
