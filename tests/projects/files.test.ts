import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { NOT_AN_IMAGE, PDF, PNG, uploadedFiles } from '../setup/employee-app.js'
import { as, created, projectBody, stored, trail } from './helpers.js'

let t: TestApp
let manager: TestUser
let outsider: TestUser

beforeAll(async () => {
  t = await buildTestApp('project_files')
  manager = await createUser(t, { role: 'dev' })
  outsider = await createUser(t, { role: 'bdm' })
})
afterAll(() => t.close())

const api = () => request(t.app)

describe('project files and receipts', () => {
  it('when a manager adds a file to a project, it is stored, audited and downloadable', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const res = await api()
      .post(`/api/v1/projects/${project._id}/files`)
      .set(as(manager))
      .field('label', 'Signed scope')
      .attach('file', PDF, 'scope.pdf')
      .expect(201)
    const files = res.body.data.files as Array<{ _id: string; label: string; file: { contentType: string } }>
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({
      label: 'Signed scope',
      file: { contentType: 'application/pdf', size: PDF.length },
    })
    expect((await stored(t, 'projects', project._id))?.files).toHaveLength(1)
    expect((await trail(t, project._id)).at(-1)).toMatchObject({ action: 'update', reason: 'file scope.pdf uploaded' })

    const download = await api()
      .get(`/api/v1/projects/${project._id}/files/${files[0]?._id}`)
      .set(as(manager))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          callback(null, Buffer.concat(chunks))
        })
      })
      .expect(200)
    expect(Buffer.from(download.body as Buffer).equals(PDF)).toBe(true)
    await api().get(`/api/v1/projects/${project._id}/files/${files[0]?._id}`).set(as(outsider)).expect(404)
  })

  it('when the file is not an image or a PDF, responds 415 and keeps nothing', async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const before = await uploadedFiles(t)
    await api()
      .post(`/api/v1/projects/${project._id}/files`)
      .set(as(manager))
      .attach('file', NOT_AN_IMAGE, 'x.exe')
      .expect(415)
    expect(await uploadedFiles(t)).toEqual(before)
    expect((await stored(t, 'projects', project._id))?.files).toEqual([])
  })

  it("when an expense's receipt is uploaded, it is stored on the expense and audited", async () => {
    const project = await created(t, manager, 'projects', projectBody())
    const expense = await created(t, manager, 'expenses', {
      project: project._id,
      item: 'Domain renewal',
      amount: 899_00,
      purchaseDate: '2026-02-01',
    })
    const res = await api()
      .put(`/api/v1/expenses/${expense._id}/receipt`)
      .set(as(manager))
      .attach('file', PNG, 'bill.png')
      .expect(200)
    expect(res.body.data.receipt).toMatchObject({ contentType: 'image/png', size: PNG.length })
    expect((await trail(t, expense._id)).at(-1)).toMatchObject({ action: 'update', reason: 'receipt uploaded' })
  })
})
