import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adminLogin, postForm, recordUrl } from '../admin/admin-session.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { employeePayload } from '../setup/employee-app.js'
import { auditActions, bearer, dataOf, staffMember, storedIn, type Staff } from './fixtures.js'

// The reporting manager, a reference from the employee profile to a login (`managerUser`, set by HR, beside the
// legacy free-text `reportingManager`): they read their reports' leaves and approve or reject them, on REST and in
// the admin panel alike; never another employee's leave, never their own.

describe('leaves decided by the reporting manager', () => {
  let t: TestApp
  let hr: TestUser
  let manager: Staff
  let report: Staff
  let stranger: Staff

  const api = (by: TestUser) => ({
    get: (path: string) => request(t.app).get(`/api/v1/${path}`).set(bearer(by)),
    post: (path: string, body: Record<string, unknown> = {}) =>
      request(t.app).post(`/api/v1/${path}`).set(bearer(by)).send(body),
    patch: (path: string, body: Record<string, unknown>) =>
      request(t.app).patch(`/api/v1/${path}`).set(bearer(by)).send(body),
  })
  const ask = async (who: Staff, day: string): Promise<string> => {
    const res = await api(who.user).post('leaves', {
      employee: who.employee,
      leaveType: 'casual',
      startDate: day,
      endDate: day,
      reason: 'Errand',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return String(dataOf(res)._id)
  }
  const transitionsOf = async (id: string) =>
    t.context.resources.audit.find({ documentId: new Types.ObjectId(id), action: 'transition' }).lean()

  beforeAll(async () => {
    t = await buildTestApp('people-leave-managers')
    hr = await createUser(t, { role: 'HR' })
    manager = await staffMember(t, hr)
    report = await staffMember(t, hr)
    stranger = await staffMember(t, hr)
    for (const who of [manager, report, stranger]) {
      expect((await api(hr).post(`employees/${who.employee}/approve`)).status).toBe(200)
    }
  })
  afterAll(() => t.close())

  it('when HR names the manager login on a profile, it is stored beside the free-text name and audited', async () => {
    const res = await api(hr).patch(`employees/${report.employee}`, { managerUser: manager.user.id })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(dataOf(res).managerUser).toBe(manager.user.id)
    const stored = await storedIn(t, 'employees', report.employee)
    expect(String(stored?.managerUser)).toBe(manager.user.id)
    expect(stored?.reportingManager).toEqual(expect.any(String))
    const entry = await t.context.resources.audit
      .findOne({ documentId: new Types.ObjectId(report.employee), action: 'update' })
      .sort({ revision: -1 })
      .lean()
    expect(entry?.actor).toMatchObject({ kind: 'user', id: hr.id })
    expect(JSON.stringify(entry?.changes)).toContain('managerUser')
  })

  it('when a profile names its own login, a missing user, or the employee sets it themself, it is refused', async () => {
    const own = await api(hr).patch(`employees/${stranger.employee}`, { managerUser: stranger.user.id })
    expect(own.status).toBe(400)
    expect(own.body.details).toEqual([{ path: 'managerUser', message: "cannot be the employee's own login" }])
    const missing = await api(hr).patch(`employees/${stranger.employee}`, {
      managerUser: new Types.ObjectId().toHexString(),
    })
    expect(missing.status).toBe(400)
    expect(JSON.stringify(missing.body.details)).toContain('managerUser')
    const before = await auditActions(t, stranger.employee)
    // A pending profile is the employee's to correct, never who approves their leaves.
    const self = await api(stranger.user).patch(`employees/${stranger.employee}`, { managerUser: hr.id })
    expect([403, 409]).toContain(self.status)
    expect((await storedIn(t, 'employees', stranger.employee))?.managerUser).toBeNull()
    expect(await auditActions(t, stranger.employee)).toEqual(before)
    // Nor on the profile they create for themself.
    const newcomer = await createUser(t, { role: 'user' })
    const created = await api(newcomer).post('employees', employeePayload({ userId: newcomer.id, managerUser: hr.id }))
    expect(created.status).toBe(403)
    expect(created.body.message ?? created.body.error).toMatch(/managerUser/)
    const profiles = t.context.db.connection.collection('employees')
    expect(await profiles.countDocuments({ userId: newcomer.id })).toBe(0)
    const plain = await api(newcomer).post('employees', employeePayload({ userId: newcomer.id }))
    expect(plain.status, JSON.stringify(plain.body)).toBe(201)
  })

  it("when the manager lists leaves, they see their report's and their own, not a stranger's", async () => {
    const reportLeave = await ask(report, '2027-01-04')
    const strangerLeave = await ask(stranger, '2027-01-04')
    const ownLeave = await ask(manager, '2027-01-05')
    const listed = await api(manager.user).get('leaves?limit=100')
    expect(listed.status).toBe(200)
    const ids = (listed.body.data as Array<{ _id: string }>).map((row) => row._id)
    expect(ids).toEqual(expect.arrayContaining([reportLeave, ownLeave]))
    expect(ids).not.toContain(strangerLeave)
    expect((await api(manager.user).get(`leaves/${reportLeave}`)).status).toBe(200)
    expect((await api(manager.user).get(`leaves/${reportLeave}/history`)).status).toBe(200)
    expect((await api(manager.user).get(`leaves/${strangerLeave}`)).status).toBe(404)
    // Reading is not editing: the request stays the employee's.
    const edit = await api(manager.user).patch(`leaves/${reportLeave}`, { reason: 'Changed by the manager' })
    expect(edit.status).toBe(404)
    expect((await storedIn(t, 'leaves', reportLeave))?.reason).toBe('Errand')
  })

  it("when the manager approves their report's leave, it is approved, audited with them, and the employee is told", async () => {
    const id = await ask(report, '2027-02-01')
    const res = await api(manager.user).post(`leaves/${id}/approve`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(dataOf(res).status).toBe('approved')
    expect((await storedIn(t, 'leaves', id))?.status).toBe('approved')
    const [entry] = await transitionsOf(id)
    expect(entry).toMatchObject({ reason: 'approve', actor: { kind: 'user', id: manager.user.id } })
    await vi.waitFor(async () => {
      const inbox = await api(report.user).get('notifications')
      expect((inbox.body.data as Array<{ kind: string }>).map((item) => item.kind)).toContain('leave.approved')
    })
  })

  it('when the manager rejects with a reason, it is rejected; without one, 400 and it stays pending', async () => {
    const id = await ask(report, '2027-02-08')
    expect((await api(manager.user).post(`leaves/${id}/reject`)).status).toBe(400)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')
    const res = await api(manager.user).post(`leaves/${id}/reject`, { reason: 'Release week' })
    expect(res.status).toBe(200)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('rejected')
    expect(await transitionsOf(id)).toMatchObject([{ reason: 'reject: Release week' }])
  })

  it("when the manager approves a stranger's leave, responds 404 and nothing changes", async () => {
    const id = await ask(stranger, '2027-03-01')
    const res = await api(manager.user).post(`leaves/${id}/approve`)
    expect(res.status).toBe(404)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')
    expect(await transitionsOf(id)).toEqual([])
  })

  it('when anyone approves their own leave (the manager, HR too), responds 403 saying so and nothing changes', async () => {
    const id = await ask(manager, '2027-03-08')
    const res = await api(manager.user).post(`leaves/${id}/approve`)
    expect(res.status).toBe(403)
    expect(res.body.message ?? res.body.error).toMatch(/own leave/)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('pending')
    const hrStaff = await staffMember(t, hr, 'HR')
    const hrLeave = await ask(hrStaff, '2027-03-08')
    const selfHr = await api(hrStaff.user).post(`leaves/${hrLeave}/approve`)
    expect(selfHr.status).toBe(403)
    expect((await storedIn(t, 'leaves', hrLeave))?.status).toBe('pending')
    expect(await transitionsOf(hrLeave)).toEqual([])
  })

  it('when the manager is moved off the profile, the leaves of their former report are out of reach again', async () => {
    const other = await staffMember(t, hr)
    await api(hr).post(`employees/${other.employee}/approve`)
    expect((await api(hr).patch(`employees/${other.employee}`, { managerUser: manager.user.id })).status).toBe(200)
    const id = await ask(other, '2027-04-05')
    expect((await api(manager.user).get(`leaves/${id}`)).status).toBe(200)
    expect((await api(hr).patch(`employees/${other.employee}`, { managerUser: null })).status).toBe(200)
    expect((await api(manager.user).get(`leaves/${id}`)).status).toBe(404)
    expect((await api(manager.user).post(`leaves/${id}/approve`)).status).toBe(404)
  })

  it("when a developer (no leave grants) manages someone, the policy opens that report's leaves to them alone", async () => {
    const dev = await createUser(t, { role: 'dev' })
    const devReport = await staffMember(t, hr)
    await api(hr).post(`employees/${devReport.employee}/approve`)
    await api(hr).patch(`employees/${devReport.employee}`, { managerUser: dev.id })
    const id = await ask(devReport, '2027-05-03')
    const listed = await api(dev).get('leaves?limit=100')
    expect((listed.body.data as Array<{ _id: string }>).map((row) => row._id)).toEqual([id])
    expect((await api(dev).post(`leaves/${id}/approve`)).status).toBe(200)
    expect((await api(dev).post('leaves', { employee: devReport.employee })).status).toBe(403)
  })

  it('when the manager uses the admin panel, the approve action works on a report and is refused on their own', async () => {
    const agent = await adminLogin(t, manager.user)
    const id = await ask(report, '2027-06-07')
    const shown = await agent.get(recordUrl('Leave', id, 'show'))
    expect(shown.status).toBe(200)
    const offered = (shown.body.record.recordActions as Array<{ name: string }>).map((action) => action.name)
    expect(offered).toEqual(expect.arrayContaining(['approve', 'reject']))
    const done = await postForm(agent, recordUrl('Leave', id, 'approve'), {})
    expect(done.status).toBe(200)
    expect((await storedIn(t, 'leaves', id))?.status).toBe('approved')
    expect(await transitionsOf(id)).toMatchObject([{ actor: { kind: 'user', id: manager.user.id } }])

    const own = await ask(manager, '2027-06-14')
    const ownShown = await agent.get(recordUrl('Leave', own, 'show'))
    const ownOffered = (ownShown.body.record.recordActions as Array<{ name: string }>).map((action) => action.name)
    expect(ownOffered).not.toContain('approve')
    await postForm(agent, recordUrl('Leave', own, 'approve'), {})
    expect((await storedIn(t, 'leaves', own))?.status).toBe('pending')
    expect(await transitionsOf(own)).toEqual([])
  })
})
