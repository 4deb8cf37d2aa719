import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, seedBooking, storedBooking } from '../setup/resource-app.js'

let t: TestApp
let srdev: TestUser
let admin: TestUser
let bdm: TestUser
let other: TestUser
const spoof = { 'user-role': 'srdev', 'user-name': 'Boss' }

beforeAll(async () => {
  t = await buildTestApp('legacy_bookings')
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita' })
  admin = await createUser(t, { role: 'admin' })
  bdm = await createUser(t, { role: 'bdm', name: 'Ravi' })
  other = await createUser(t, { role: 'bdm', name: 'Kiran' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)

/** The v1 frontend's create payload (seed-systems §4.1), as it sends it. */
function frontendPayload(user: TestUser) {
  return {
    user_id: user.id,
    bdm: user.name,
    branch_name: 'Noida 402',
    company_name: 'LEGACY CO',
    contact_person: 'Meera',
    email: 'meera@example.com',
    contact_no: 9876543210,
    services: ['MSME Registration'],
    total_amount: 5000,
    closed_by: 'Ravi',
    term_1: 1000,
    term_2: null,
    term_3: null,
    payment_date: '2025-11-02',
    pan: 'ABCDE1234F',
    gst: 'N/A',
    remark: '',
    date: '2025-11-01',
    bank: 'Cash',
    state: 'Delhi',
    status: 'Pending',
    after_disbursement: '',
    shared_with: [{ user_id: user.id, percentage: 100 }],
  }
}

describe('POST /booking/addbooking and PATCH /booking/editbooking/:id', () => {
  it('when the v1 frontend creates a booking, responds 201 { Message, booking_id, booking } and audits the token user', async () => {
    const res = await api().post('/booking/addbooking').set('authorization', bdm.token).send(frontendPayload(bdm))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ Message: 'Booking Created Successfully', booking_id: expect.any(String) })
    expect(res.body.booking).toMatchObject({
      _id: res.body.booking_id,
      user_id: bdm.id,
      received_amount: 1000,
      term_2: 0,
      isDeleted: false,
      deletedBy: null,
      updatedhistory: [],
      contact_no: '9876543210',
    })
    const entries = await auditOf(t, res.body.booking_id)
    expect(entries).toMatchObject([{ action: 'create', actor: { id: bdm.id, role: 'bdm' } }])
  })

  it('when required fields are missing, responds 400 with a message naming them and stores nothing', async () => {
    const before = await t.context.resources.bookings.model.countDocuments()
    const res = await api().post('/booking/addbooking').set('authorization', srdev.token).send({ company_name: 'X' })
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('branch_name')
    expect(await t.context.resources.bookings.model.countDocuments()).toBe(before)
  })

  it('when a bdm creates for another user, responds 403 whatever user-role says', async () => {
    const res = await api()
      .post('/booking/addbooking')
      .set('authorization', bdm.token)
      .set(spoof)
      .send(frontendPayload(other))
    expect(res.status).toBe(403)
  })

  it('when an admin edits with updatedBy and note, responds 200 { message, updatedBooking }; the note is the reason, the actor is the token', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await api()
      .patch(`/booking/editbooking/${booking._id}`)
      .set('authorization', admin.token)
      .set('user-role', 'admin')
      .send({ ...booking, status: 'Completed', updatedBy: 'Somebody Else', note: 'client paid' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ message: 'Booking Updated Successfully', updatedBooking: { status: 'Completed' } })
    const entries = await auditOf(t, booking._id)
    expect(entries[1]).toMatchObject({
      actor: { id: admin.id, role: 'admin' },
      reason: 'client paid (client said: Somebody Else)',
    })
  })

  it('when the edit changes nothing, responds 400 "No changes detected"', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await api()
      .patch(`/booking/editbooking/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ status: 'Pending' })
    expect(res.status).toBe(400)
    expect(res.body.message).toBe('No changes detected')
  })

  it('when a bdm edits with user-role: srdev, responds 403 and nothing changes', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await api()
      .patch(`/booking/editbooking/${booking._id}`)
      .set('authorization', bdm.token)
      .set(spoof)
      .send({ status: 'Completed' })
    expect(res.status).toBe(403)
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'Pending', _rev: 1 })
  })
})

describe('trash, restore and delete through the legacy routes', () => {
  it('when a bdm sending user-role: srdev trashes, responds 403 and nothing is trashed', async () => {
    const booking = await seedBooking(t, bdm)
    const res = await api().patch(`/booking/trash/${booking._id}`).set('authorization', bdm.token).set(spoof).send({})
    expect(res.status).toBe(403)
    expect(await storedBooking(t, booking._id)).toMatchObject({ deletedAt: null })
    const trashList = await api().get('/booking/trash').set('authorization', bdm.token).set(spoof)
    expect(trashList.status).toBe(403)
  })

  it('when srdev trashes a booking, it appears only in GET /booking/trash, then restore and delete answer seed keys', async () => {
    const booking = await seedBooking(t, bdm, { company_name: 'TRASHED LEGACY' })
    const trashed = await api().patch(`/booking/trash/${booking._id}`).set('authorization', srdev.token).send({})
    expect(trashed.status).toBe(200)
    expect(trashed.body).toMatchObject({
      message: 'Booking moved to trash',
      trashedBooking: { _id: booking._id, isDeleted: true, deletedBy: 'Sunita' },
    })

    const reads = [
      api().get(`/booking/getbooking/${booking._id}`),
      api().get(`/user/${booking._id}`),
      api().get('/user/?pattern=TRASHED LEGACY'),
    ]
    for (const read of reads) expect((await read.set('authorization', srdev.token)).status).toBe(404)
    const all = await api().get('/booking/all').set('authorization', srdev.token)
    expect(JSON.stringify(all.body)).not.toContain('TRASHED LEGACY')
    const byUser = await api().get(`/booking/getbookings/user/${bdm.id}`).set('authorization', srdev.token)
    expect(JSON.stringify(byUser.body)).not.toContain('TRASHED LEGACY')
    const userBookings = await api().get(`/user/bookings/${bdm.id}`).set('authorization', srdev.token)
    expect(JSON.stringify(userBookings.body)).not.toContain('TRASHED LEGACY')
    const filter = await api().get('/booking/bookings/filter?bdmName=Ravi&limit=100').set('authorization', srdev.token)
    expect(JSON.stringify(filter.body)).not.toContain('TRASHED LEGACY')

    const trash = await api().get('/booking/trash').set('authorization', srdev.token)
    expect(trash.status).toBe(200)
    expect(Array.isArray(trash.body)).toBe(true)
    expect(trash.body.map((b: { _id: string }) => b._id)).toContain(booking._id)

    const restored = await api().patch(`/booking/restore/${booking._id}`).set('authorization', srdev.token).send({})
    expect(restored.body).toMatchObject({ restoredBooking: { _id: booking._id, isDeleted: false } })
    const live = await api().delete(`/booking/deletebooking/${booking._id}`).set('authorization', srdev.token)
    expect(live.status).toBe(400)
    expect(live.body.message).toBe('You must move this booking to trash before deleting.')
    await api().patch(`/booking/trash/${booking._id}`).set('authorization', srdev.token).send({}).expect(200)
    const deleted = await api().delete(`/booking/deletebooking/${booking._id}`).set('authorization', srdev.token)
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ message: 'Booking permanently deleted.' })
    expect(await storedBooking(t, booking._id)).toBeNull()
  })
})

describe('legacy reads: seed keys and bdm scope whatever headers or query parameters say', () => {
  it('when srdev reads, GET /booking/all and /booking/getbooking/:id answer { message, Allbookings } and { booking }', async () => {
    const booking = await seedBooking(t, bdm)
    const all = await api().get('/booking/all').set('authorization', srdev.token)
    expect(all.body).toMatchObject({ message: expect.any(String), Allbookings: expect.any(Array) })
    const one = await api().get(`/booking/getbooking/${booking._id}`).set('authorization', srdev.token)
    expect(one.body).toMatchObject({ booking: { _id: booking._id } })
  })

  it("when a bdm spoofs userRole/userId, every route returns only the bdm's own bookings", async () => {
    const own = await seedBooking(t, bdm, { company_name: 'SCOPE OWN' })
    const foreign = await seedBooking(t, other, { company_name: 'SCOPE FOREIGN' })
    const q = `userRole=srdev&userId=${other.id}`
    const responses = await Promise.all([
      api().get('/booking/all').set('authorization', bdm.token).set(spoof),
      api().get(`/booking/bookings/filter?${q}`).set('authorization', bdm.token).set(spoof),
      api().get(`/booking/getbookings/user/${other.id}`).set('authorization', bdm.token).set(spoof),
      api().get(`/user/bookings/${other.id}`).set('authorization', bdm.token).set(spoof),
      api().get(`/user/?pattern=SCOPE&${q}`).set('authorization', bdm.token).set(spoof),
      api().get(`/user/${foreign._id}?${q}`).set('authorization', bdm.token).set(spoof),
      api().get(`/booking/getbooking/${foreign._id}`).set('authorization', bdm.token).set(spoof),
    ])
    for (const res of responses) expect(JSON.stringify(res.body)).not.toContain('SCOPE FOREIGN')
    expect(responses[4].body.map((b: { _id: string }) => b._id)).toEqual([own._id])
    expect(responses[3].status).toBe(404)
    expect(responses[5].status).toBe(404)
    expect(responses[6].status).toBe(404)
    expect(JSON.stringify(responses[0].body)).toContain('SCOPE OWN')
  })

  it('when the filter route gets seed parameters, answers { bookings, totalCount, totalPages, currentPage } or a bare []', async () => {
    const fresh = await createUser(t, { role: 'bdm', name: 'Filter Person' })
    await seedBooking(t, fresh, {
      bdm: 'Filter Person',
      status: 'Completed',
      date: '2025-05-05',
      bank: 'HDFC Bank',
      services: ['GST Filing'],
    })
    await seedBooking(t, fresh, { bdm: 'Filter Person', status: 'Pending', date: '2025-05-06', bank: 'Cash' })
    const hit = await api()
      .get(
        '/booking/bookings/filter?startDate=2025-05-01&endDate=2025-05-05&status=completed&service=GST Filing&paymentmode=HDFC Bank&bdmName=filter person&page=1&limit=10',
      )
      .set('authorization', fresh.token)
    expect(hit.status).toBe(200)
    expect(hit.body).toMatchObject({ totalCount: 1, totalPages: 1, currentPage: 1 })
    expect(hit.body.bookings).toHaveLength(1)
    const empty = await api()
      .get('/booking/bookings/filter?status=In Progress&bdmName=filter person')
      .set('authorization', fresh.token)
    expect(empty.status).toBe(200)
    expect(empty.body).toEqual([])
    const bad = await api().get('/booking/bookings/filter?status=Done').set('authorization', fresh.token)
    expect(bad.status).toBe(400)
    const badMode = await api().get('/booking/bookings/filter?paymentmode=Bitcoin').set('authorization', fresh.token)
    expect(badMode.status).toBe(400)
    const regex = await api().get('/booking/bookings/filter?bdmName=.*').set('authorization', srdev.token)
    expect(regex.body).toEqual([])
  })

  it('when the unified search has neither id nor pattern, responds 400; /user/all still reaches the user list', async () => {
    const res = await api().get('/user/').set('authorization', srdev.token)
    expect(res.status).toBe(400)
    const users = await api().get('/user/all').set('authorization', srdev.token)
    expect(users.body).toHaveProperty('Users')
  })

  it('when no token is sent, responds 401 { message: "Authentication required" }', async () => {
    const res = await api().get('/booking/all')
    expect(res.status).toBe(401)
    expect(res.body.message).toBe('Authentication required')
  })
})
