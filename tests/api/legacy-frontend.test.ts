import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, seedBooking, storedBooking } from '../setup/resource-app.js'

// What the v1 frontend (CRM-FRONT) reads from the legacy routes: service `name`, `updatedhistory`, `deletedBy` as a
// name, a held permanent delete its Trash page does not take for a success, the Agreements page's routes.

let t: TestApp
let srdev: TestUser
let admin: TestUser
let bdm: TestUser

beforeAll(async () => {
  t = await buildTestApp('legacy_frontend')
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Rao' })
  admin = await createUser(t, { role: 'admin', name: 'Arjun Mehta' })
  bdm = await createUser(t, { role: 'bdm', name: 'Ravi Kumar' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

describe('services for Manage Services and the booking form', () => {
  it('when the frontend adds a service with name, every answer carries name alongside label', async () => {
    const created = await api()
      .post('/services/api/services')
      .set('authorization', srdev.token)
      .send({ name: 'Startup India Seed Fund', value: 'Startup India Seed Fund', status: true })
    expect(created.status).toBe(201)
    expect(created.body.Service).toMatchObject({ name: 'Startup India Seed Fund', label: 'Startup India Seed Fund' })
    const list = await api().get('/services/api/services').set('authorization', bdm.token)
    const listed = (list.body as { _id: string; name: string; label: string }[]).find(
      (service) => service._id === created.body.Service._id,
    )
    expect(listed).toMatchObject({ name: 'Startup India Seed Fund', label: 'Startup India Seed Fund' })

    const renamed = await api()
      .patch(`/services/api/services/${created.body.Service._id}`)
      .set('authorization', srdev.token)
      .send({ name: 'Seed Fund Scheme', status: true })
    expect(renamed.body.service).toMatchObject({ name: 'Seed Fund Scheme', label: 'Seed Fund Scheme' })
    const entries = await auditOf(t, created.body.Service._id)
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'update'])
    expect(entries[1]?.changes).toContainEqual({
      path: 'label',
      before: 'Startup India Seed Fund',
      after: 'Seed Fund Scheme',
    })
  })
})

describe('bookings: updatedhistory and deletedBy as the frontend prints them', () => {
  it('when a booking was edited twice, every legacy read carries updatedhistory in seed 1 shape with names', async () => {
    const booking = await seedBooking(t, bdm)
    const edit = (user: TestUser, body: Record<string, unknown>) =>
      api().patch(`/booking/editbooking/${booking._id}`).set('authorization', user.token).send(body)
    expect((await edit(admin, { status: 'In Progress', note: 'docs received' })).status).toBe(200)
    const second = await edit(srdev, { remark: 'call back Monday', updatedBy: 'Somebody' })
    expect(second.status).toBe(200)

    const expected = [
      {
        updatedBy: 'Arjun Mehta',
        note: 'docs received',
        changes: { status: { old: 'Pending', new: 'In Progress' } },
      },
      {
        updatedBy: 'Sunita Rao',
        note: '(client said: Somebody)',
        changes: { remark: { old: '', new: 'call back Monday' } },
      },
    ]
    expect(second.body.updatedBooking.updatedhistory).toMatchObject(expected)
    const reads = await Promise.all([
      api().get(`/booking/getbooking/${booking._id}`).set('authorization', srdev.token),
      api().get('/booking/all').set('authorization', srdev.token),
      api().get(`/user/bookings/${bdm.id}`).set('authorization', srdev.token),
      api().get(`/bookings/${booking._id}`).set('authorization', srdev.token),
    ])
    const found = [
      reads[0].body.booking,
      reads[1].body.Allbookings.find((b: { _id: string }) => b._id === booking._id),
      reads[2].body.find((b: { _id: string }) => b._id === booking._id),
      reads[3].body.booking,
    ]
    for (const one of found) expect(one.updatedhistory).toMatchObject(expected)
    expect(Object.keys(found[0].updatedhistory[0].changes)).toEqual(['status'])
    expect(new Date(found[0].updatedhistory[0].updatedAt).getTime()).not.toBeNaN()
  })

  it('when srdev trashes a booking, the trash list and the answer name the person, not the id', async () => {
    const booking = await seedBooking(t, bdm, { company_name: 'NAMED TRASH' })
    const trashed = await api().patch(`/booking/trash/${booking._id}`).set('authorization', srdev.token).send({})
    expect(trashed.body.trashedBooking).toMatchObject({ isDeleted: true, deletedBy: 'Sunita Rao' })
    const trash = await api().get('/booking/trash').set('authorization', srdev.token)
    expect(trash.body.find((b: { _id: string }) => b._id === booking._id)).toMatchObject({ deletedBy: 'Sunita Rao' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ deletedBy: srdev.id })
    expect((await auditOf(t, booking._id)).at(-1)).toMatchObject({ action: 'trash', actor: { id: srdev.id } })
  })
})

describe('permanent delete of a booking with money received', () => {
  async function heldInTrash() {
    const booking = await seedBooking(t, bdm, { term_1: 2500, company_name: 'HELD CO' })
    await api().patch(`/booking/trash/${booking._id}`).set('authorization', srdev.token).send({}).expect(200)
    return booking
  }

  it('when the v1 Trash page (fetch, no Accept) deletes it, answers 423 in plain text its res.json() rejects; it stays', async () => {
    const booking = await heldInTrash()
    const res = await api().delete(`/booking/deletebooking/${booking._id}`).set('authorization', srdev.token)
    expect(res.status).toBe(423)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.text).toContain('legal hold')
    expect(() => JSON.parse(res.text) as unknown).toThrow()
    expect(await storedBooking(t, booking._id)).toMatchObject({ company_name: 'HELD CO' })
    expect((await auditOf(t, booking._id)).map((entry) => entry.action)).toEqual(['create', 'trash'])
  })

  it('when an axios client (Accept: application/json) deletes it, answers 423 { message, code } it toasts; it stays', async () => {
    const booking = await heldInTrash()
    const res = await api()
      .delete(`/booking/deletebooking/${booking._id}`)
      .set('authorization', srdev.token)
      .set('accept', 'application/json, text/plain, */*')
    expect(res.status).toBe(423)
    expect(res.body).toMatchObject({ code: 'LEGAL_HOLD', message: expect.stringContaining('legal hold') })
    expect(await storedBooking(t, booking._id)).not.toBeNull()
  })
})

describe('the Agreements page', () => {
  it('when it asks for an agreement, answers { agreementHtml } built from the booking, every value escaped', async () => {
    const booking = await seedBooking(t, bdm, {
      company_name: 'AGREE <script>alert(1)</script> LTD',
      services: ['MSME Registration', 'Startup India'],
      total_amount: 50000,
      term_1: 10000,
    })
    const res = await api().get(`/generate-agreement/${booking._id}`).set('authorization', srdev.token)
    expect(res.status).toBe(200)
    const html = res.body.agreementHtml as string
    expect(html).toContain('AGREE &lt;script&gt;alert(1)&lt;/script&gt; LTD')
    expect(html).not.toContain('<script')
    expect(html).toContain('<li>Startup India</li>')
    expect(html).toMatch(/50,000/)
    expect(html).toMatch(/40,000/)
    expect(html).toContain(booking._id)
    const reads = await t.context.resources.readLog.find({ documentId: booking._id }).lean()
    expect(reads).toHaveLength(1)
  })

  it("when a bdm asks for another bdm's booking or no token is sent, answers 404 / 401", async () => {
    const other = await createUser(t, { role: 'bdm' })
    const booking = await seedBooking(t, other)
    const foreign = await api().get(`/generate-agreement/${booking._id}`).set('authorization', bdm.token)
    expect(foreign.status).toBe(404)
    expect((await api().get(`/bookings/${booking._id}`).set('authorization', bdm.token)).status).toBe(404)
    expect((await api().get(`/generate-agreement/${booking._id}`)).status).toBe(401)
  })
})
