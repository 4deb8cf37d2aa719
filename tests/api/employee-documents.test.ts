import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MASK } from '../../src/access/policy.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload, JPEG, NOT_AN_IMAGE, PDF, PNG, uploadedFiles } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'

let t: TestApp
let hr: TestUser
let senior: TestUser
beforeAll(async () => {
  t = await buildHrTestApp('employee-documents', { env: { UPLOAD_MAX_BYTES: '4096' } })
  hr = await createUser(t, { role: 'HR' })
  senior = await createUser(t, { role: 'senior admin' })
})
afterAll(async () => t.close())

const api = () => request(t.app)

async function profileOf(user: TestUser) {
  const res = await api().post('/api/v1/employees').set('authorization', user.token).send(employeePayload())
  expect(res.status).toBe(201)
  return res.body.data as Record<string, unknown> & { _id: string }
}

const upload = (token: string, id: string, field: string, bytes: Buffer, name = 'scan.jpg') =>
  api().put(`/api/v1/employees/${id}/documents/${field}`).set('authorization', token).attach('file', bytes, name)

describe('employee documents', () => {
  it('when a photo is replaced, the old file is named by its hash in the audit entry and the new one downloads', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    const first = await upload(user.token, profile._id, 'employeePhoto', JPEG)
    expect(first.status).toBe(200)
    const oldHash = first.body.data.employeePhoto.sha256 as string
    const second = await upload(hr.token, profile._id, 'employeePhoto', PNG, 'new.png')
    expect(second.body.data.employeePhoto).toMatchObject({ contentType: 'image/png', size: PNG.length })
    const last = (await auditOf(t, profile._id)).at(-1)
    expect(last).toMatchObject({ action: 'update', actor: { kind: 'user', id: hr.id } })
    expect(last?.changes[0]).toMatchObject({
      path: 'employeePhoto',
      before: { sha256: oldHash },
      after: { contentType: 'image/png' },
    })
    const download = await api()
      .get(`/api/v1/employees/${profile._id}/documents/employeePhoto`)
      .set('authorization', user.token)
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('image/png')
    expect(Buffer.from(download.body as Buffer).equals(PNG)).toBe(true)
  })

  it('when a senior admin asks for the Aadhaar card, responds 403; another user gets 404; the owner gets it', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    expect((await upload(user.token, profile._id, 'aadhaarCardPhoto', PDF, 'aadhaar.pdf')).status).toBe(200)
    const path = `/api/v1/employees/${profile._id}/documents/aadhaarCardPhoto`
    expect((await api().get(path).set('authorization', senior.token)).status).toBe(403)
    const stranger = await createUser(t)
    expect((await api().get(path).set('authorization', stranger.token)).status).toBe(404)
    const own = await api().get(path).set('authorization', user.token)
    expect(own.status).toBe(200)
    expect(own.headers['content-type']).toBe('application/pdf')
    expect(own.headers['cache-control']).toBe('private, no-store')
  })

  it('when the file is not an image or PDF, responds 415 naming the field; too big, 413; nothing is kept', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    const before = await uploadedFiles(t)
    const wrong = await upload(user.token, profile._id, 'employeePhoto', NOT_AN_IMAGE, 'photo.jpg')
    expect(wrong.status).toBe(415)
    expect(wrong.body.details).toEqual([{ path: 'employeePhoto', message: expect.any(String) }])
    const big = await upload(user.token, profile._id, 'employeePhoto', Buffer.concat([JPEG, Buffer.alloc(5000)]))
    expect(big.status).toBe(413)
    expect(big.body.details).toEqual([{ path: 'file', message: expect.any(String) }])
    expect(await uploadedFiles(t)).toEqual(before)
    expect((await auditOf(t, profile._id)).length).toBe(1)
  })

  it('when the write after storing fails (profile no longer editable by its owner), the stored file is removed', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    await api().post(`/api/v1/employees/${profile._id}/approve`).set('authorization', hr.token).send({})
    const before = await uploadedFiles(t)
    const res = await upload(user.token, profile._id, 'employeePhoto', JPEG)
    expect(res.status).toBe(409)
    expect(await uploadedFiles(t)).toEqual(before)
  })

  it('when HR adds a further document, it is listed and downloadable', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    const res = await api()
      .post(`/api/v1/employees/${profile._id}/documents`)
      .set('authorization', hr.token)
      .field('kind', 'offer_letter')
      .field('label', 'Offer 2026')
      .attach('file', PDF, 'offer.pdf')
    expect(res.status).toBe(201)
    const [document] = res.body.data.documents as Array<{ _id: string; kind: string }>
    expect(document).toMatchObject({ kind: 'offer_letter', label: 'Offer 2026' })
    const file = await api()
      .get(`/api/v1/employees/${profile._id}/documents/other/${String(document?._id)}`)
      .set('authorization', user.token)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
  })
})

describe('employee field masks', () => {
  it('when a senior admin reads, lists, exports or views history, Aadhaar, PAN, bank and salary are masked', async () => {
    const user = await createUser(t)
    const profile = await profileOf(user)
    await api()
      .patch(`/api/v1/employees/${profile._id}`)
      .set('authorization', hr.token)
      .send({ offeredSalary: 4_800_000_00 })
    const sensitive = ['aadharNumber', 'panNumber', 'accountNumber', 'ifscCode', 'bankName', 'offeredSalary']
    const detail = await api().get(`/api/v1/employees/${profile._id}`).set('authorization', senior.token)
    expect(detail.status).toBe(200)
    for (const field of sensitive) expect(detail.body.data[field]).toBe(MASK)
    const list = await api().get(`/api/v1/employees?userId=${user.id}`).set('authorization', senior.token)
    for (const field of sensitive) expect(list.body.data[0][field]).toBe(MASK)
    const csv = await api().get(`/api/v1/employees/export.csv?userId=${user.id}`).set('authorization', senior.token)
    expect(csv.status).toBe(200)
    expect(csv.text).not.toContain(String(profile.aadharNumber))
    expect(csv.text).not.toContain('123456789012')
    expect(csv.text).not.toContain('480000000')
    const history = await api().get(`/api/v1/employees/${profile._id}/history`).set('authorization', hr.token)
    expect(JSON.stringify(history.body.data)).toContain('480000000')
    // A senior admin reads no one else's history, and their own only masked.
    expect(
      (await api().get(`/api/v1/employees/${profile._id}/history`).set('authorization', senior.token)).status,
    ).toBe(404)
    const own = await api().post('/api/v1/employees').set('authorization', senior.token).send(employeePayload())
    expect(own.status).toBe(201)
    expect(own.body.data.aadharNumber).toBe(MASK)
    await api()
      .patch(`/api/v1/employees/${own.body.data._id}`)
      .set('authorization', hr.token)
      .send({ offeredSalary: 4_800_000_00 })
    const masked = await api().get(`/api/v1/employees/${own.body.data._id}/history`).set('authorization', senior.token)
    expect(masked.status).toBe(200)
    expect(masked.body.data.length).toBe(2)
    const text = JSON.stringify(masked.body.data)
    expect(text).toContain(MASK)
    expect(text).not.toContain('480000000')
    expect(text).not.toContain('123456789012')
  })
})
