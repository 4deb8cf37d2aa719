import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MASK } from '../../src/access/policy.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload, JPEG, PNG, uploadedFiles, validAadhaar } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'

let t: TestApp
let hr: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('legacy-employees')
  hr = await createUser(t, { role: 'HR' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

/** Exactly the Create Profile page's FormData: every text field (rupees, empty optional date) and both photos. */
function frontendForm(token: string, overrides: Record<string, string> = {}, photos = true) {
  const fields: Record<string, string> = {
    ...Object.fromEntries(Object.entries(employeePayload()).map(([k, v]) => [k, String(v)])),
    offeredSalary: '45000',
    dateOfLastPromotion: '',
    ...overrides,
  }
  let req = api().post('/employee/profile').set('authorization', token)
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value)
  if (photos) req = req.attach('employeePhoto', JPEG, 'me.jpg').attach('aadhaarCardPhoto', PNG, 'aadhaar.png')
  return req
}

describe('legacy /employee routes', () => {
  it('when a user submits the Create Profile form, responds 201 { message, profile } pending review, files stored, audited', async () => {
    const user = await createUser(t)
    const before = (await uploadedFiles(t)).length
    const res = await frontendForm(user.token)
    expect(res.status).toBe(201)
    expect(res.body.message).toBe('Employee profile created successfully')
    expect(res.body.profile).toMatchObject({
      userId: user.id,
      profileCompletionStatus: 'pending_review',
      isActive: true,
      offeredSalary: '45000',
      employeePhoto: `/api/v1/employees/${res.body.profile._id}/documents/employeePhoto`,
    })
    const stored = await t.context.resources.employees.model.findById(res.body.profile._id).lean()
    expect(stored).toMatchObject({ offeredSalary: 4_500_000, dateOfLastPromotion: null })
    expect(stored?.aadhaarCardPhoto).toMatchObject({ contentType: 'image/png' })
    expect((await uploadedFiles(t)).length).toBe(before + 2)
    expect(await auditOf(t, res.body.profile._id)).toMatchObject([{ action: 'create', actor: { id: user.id } }])

    const again = await frontendForm(user.token)
    expect(again.status).toBe(409)
    expect((await uploadedFiles(t)).length).toBe(before + 2)
  })

  it('when a photo is missing or a field is invalid, responds 400 { error, details } and keeps no file', async () => {
    const user = await createUser(t)
    const before = await uploadedFiles(t)
    const noPhotos = await frontendForm(user.token, {}, false)
    expect(noPhotos.status).toBe(400)
    expect(noPhotos.body.details).toEqual([
      { path: 'employeePhoto', message: 'is required' },
      { path: 'aadhaarCardPhoto', message: 'is required' },
    ])
    const bad = await frontendForm(user.token, { aadharNumber: '123412341234', workPhoneNumber: '555' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toContain('aadharNumber')
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['workPhoneNumber', 'aadharNumber'])
    expect(await uploadedFiles(t)).toEqual(before)
    expect(await t.context.resources.employees.model.countDocuments({ userId: user.id })).toBe(0)
  })

  it('when HR edits the row the Manage Employees page sends back, responds with changesCount and updateHistory shows it', async () => {
    const user = await createUser(t)
    const created = await frontendForm(user.token)
    const profileId = created.body.profile._id as string
    const own = await api().get(`/employee/profile/${user.id}`).set('authorization', user.token)
    expect(own.status).toBe(200)
    expect(own.body.profile.updateHistory).toEqual([])
    const stranger = await createUser(t)
    const hidden = await api().get(`/employee/profile/${user.id}`).set('authorization', stranger.token)
    expect(hidden.status).toBe(404)
    expect(hidden.body.error).toBe('Profile not found')

    const list = await api().get('/employee/all?limit=500').set('authorization', hr.token)
    expect(list.status).toBe(200)
    expect(Object.keys(list.body.pagination).sort()).toEqual([
      'currentPage',
      'hasNext',
      'hasPrev',
      'totalEmployees',
      'totalPages',
    ])
    const row = (list.body.employees as Array<Record<string, unknown>>).find((e) => e._id === profileId)
    expect(row).toBeDefined()
    const edited = { ...row, bankName: 'State Bank of India', updateReason: 'bank changed' }
    const res = await api().put(`/employee/update/${profileId}`).set('authorization', hr.token).send(edited)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ message: 'Profile updated successfully', changesCount: 1 })
    expect(res.body.profile.updateHistory).toEqual([
      {
        updatedBy: hr.id,
        updatedAt: expect.any(String),
        changes: { bankName: { oldValue: 'HDFC Bank', newValue: 'State Bank of India' } },
        reason: 'bank changed',
      },
    ])
    const same = await api().put(`/employee/update/${user.id}`).set('authorization', hr.token).send(edited)
    expect(same.status).toBe(400)
    expect(same.body.error).toBe('No changes detected')

    const approved = await api().post(`/employee/approve/${profileId}`).set('authorization', hr.token)
    expect(approved.body).toMatchObject({
      message: 'Employee profile approved successfully',
      profile: { profileCompletionStatus: 'approved' },
    })
    const gone = await api()
      .delete(`/employee/delete/${profileId}`)
      .set('authorization', hr.token)
      .send({ reason: 'resigned' })
    expect(gone.body).toEqual({
      message: 'Employee profile deactivated successfully',
      employeeId: created.body.profile.employeeId,
    })
    const actions = (await auditOf(t, profileId)).map((e) => [e.action, e.reason])
    expect(actions.slice(1)).toEqual([
      ['update', 'bank changed'],
      ['transition', 'approve: Profile approved by HR'],
      ['transition', 'deactivate: resigned'],
    ])
  })

  it('when a plain user asks for the list, the stats or the export, responds 403', async () => {
    const user = await createUser(t)
    for (const path of ['/employee/all', '/employee/stats', '/employee/export?format=csv']) {
      expect((await api().get(path).set('authorization', user.token)).status).toBe(403)
    }
  })

  it('when HR asks for stats and exports, the seed keys come back; CSV is escaped; senior admin gets masks', async () => {
    const user = await createUser(t)
    const aadhaar = validAadhaar()
    await frontendForm(user.token, { employeeFullName: '=HYPERLINK("x"), Jr', aadharNumber: aadhaar })
    const stats = await api().get('/employee/stats').set('authorization', hr.token)
    expect(Object.keys(stats.body).sort()).toEqual([
      'branchStats',
      'departmentStats',
      'recentJoinees',
      'statusStats',
      'totalEmployees',
    ])
    const csv = await api().get('/employee/export?format=csv').set('authorization', hr.token)
    expect(csv.headers['content-disposition']).toBe('attachment; filename=employees.csv')
    expect(csv.text.split('\r\n')[0]).toBe(
      'Employee ID,Full Name,Designation,Department,Branch,Personal Email,Work Email,Personal Phone,Work Phone,Date of Joining,Reporting Manager',
    )
    expect(csv.text).toContain(`"'=HYPERLINK(""x""), Jr"`)
    const senior = await createUser(t, { role: 'senior admin' })
    const json = await api().get('/employee/export?format=json').set('authorization', senior.token)
    expect(json.status).toBe(200)
    expect(json.body.count).toBe(json.body.employees.length)
    const mine = (json.body.employees as Array<Record<string, unknown>>).find((e) => e.userId === user.id)
    expect(mine).toMatchObject({ aadharNumber: MASK, accountNumber: MASK, offeredSalary: MASK })
    expect(JSON.stringify(json.body)).not.toContain(aadhaar)
  })
})
