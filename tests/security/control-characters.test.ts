import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, newPassword, uniqueEmail, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bookingPayload, seedBooking } from '../setup/resource-app.js'

// Finding 4: a NUL in any search text was a 500 with a stack in the error log, and `"bdm":"\u0000"` passed
// "required". Now every text input and query value refuses control characters with a 400 naming the field.

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  t = await buildTestApp('control-characters')
  srdev = await createUser(t, { role: 'srdev' })
  await seedBooking(t, srdev)
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
const paths = (res: request.Response): string[] => (res.body.details as { path: string }[]).map((d) => d.path)

describe('control characters in query and search values: 400 naming the parameter, never 500', () => {
  it.each([
    ['/api/v1/bookings?q=%00', 'q'],
    ['/api/v1/bookings?company_name=%00', 'company_name'],
    ['/api/v1/bookings?status[in]=Pending,%01', 'status'],
    ['/api/v1/bookings/export.csv?q=a%00b', 'q'],
    ['/api/v1/services?q=%1b', 'q'],
    ['/api/v1/users?q=%00', 'q'],
    ['/user?pattern=%00', 'pattern'],
    ['/booking/bookings/filter?bdmName=%00', 'bdmName'],
    ['/booking/bookings/filter?service=x%7f', 'service'],
  ])('GET %s responds 400 VALIDATION_FAILED naming %s', async (url, field) => {
    const res = await api().get(url).set('authorization', srdev.token)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' })
    expect(paths(res).join(',')).toContain(field)
  })

  it('when the admin panel search holds a NUL, responds 400 and not 500', async () => {
    const res = await api().get('/admin/api/resources/Booking/search/%00')
    expect(res.status).toBe(400)
  })
})

describe('control characters in bodies: 400 naming the field, nothing stored', () => {
  it('when a booking field is a NUL (it used to pass "required"), responds 400 naming it and stores nothing', async () => {
    const before = await t.context.resources.bookings.model.countDocuments()
    const res = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ branch_name: '\u0000', contact_person: 'Meera\u0007', services: ['GST\u0000'] }))
    expect(res.status).toBe(400)
    expect(paths(res).sort()).toEqual(['branch_name', 'contact_person', 'services.0'])
    expect(await t.context.resources.bookings.model.countDocuments()).toBe(before)
  })

  it('when a remark spans lines, tab and newline are kept; a NUL in it is refused', async () => {
    const ok = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ remark: 'line one\n\tline two' }))
    expect(ok.status).toBe(201)
    expect(ok.body.data.remark).toBe('line one\n\tline two')
    const refused = await api()
      .post('/api/v1/bookings')
      .set('authorization', srdev.token)
      .send(bookingPayload({ remark: 'x\u0000' }))
    expect(refused.status).toBe(400)
    expect(paths(refused)).toEqual(['remark'])
  })

  it('when a service label, a user name, a role description or a login password holds one, each is a 400 naming it', async () => {
    const service = await api()
      .post('/api/v1/services')
      .set('authorization', srdev.token)
      .send({ label: 'GST\u0000', value: 'gst-nul' })
    expect(service.status).toBe(400)
    expect(paths(service)).toEqual(['label'])
    expect(await t.context.resources.services.model.countDocuments({ value: 'gst-nul' })).toBe(0)

    const email = uniqueEmail()
    const user = await api()
      .post('/api/v1/users')
      .set('authorization', srdev.token)
      .send({ name: 'Asha\u0000', email, password: `${newPassword()}\u0000tail` })
    expect(user.status).toBe(400)
    expect(paths(user).sort()).toEqual(['name', 'password'])
    expect(await t.context.models.users.countDocuments({ email })).toBe(0)

    const role = await api()
      .post('/api/v1/roles')
      .set('authorization', srdev.token)
      .send({ name: 'auditor', description: 'reads\u0000' })
    expect(role.status).toBe(400)
    expect(paths(role)).toEqual(['description'])

    const login = await api().post('/api/v1/auth/login').send({ email: srdev.email, password: 'x\u0000' })
    expect(login.status).toBe(400)
    expect(paths(login)).toEqual(['password'])
  })

  it('when a legacy booking edit carries a NUL, responds 400 and the booking keeps its revision', async () => {
    const booking = await seedBooking(t, srdev)
    const res = await api()
      .patch(`/booking/editbooking/${booking._id}`)
      .set('authorization', srdev.token)
      .send({ state: 'Delhi\u0000' })
    expect(res.status).toBe(400)
    const stored = await t.context.resources.bookings.model.collection.findOne({ company_name: booking.company_name })
    expect(stored?._rev).toBe(1)
  })
})
