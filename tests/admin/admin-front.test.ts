import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'
import { adminLogin, postForm, recordUrl, resourceUrl, type AdminAgent } from './admin-session.js'

// The panel as HR and senior admin meet it: branded, people by name, pickers over real data, and a sign-in that
// says why it cannot work over plain HTTP with a Secure cookie.

let t: TestApp
let senior: TestUser
let panel: AdminAgent

beforeAll(async () => {
  t = await buildTestApp('admin_front', { env: { BRAND_NAME: 'Finsera CRM', BRAND_COLOR: '#aa3300' } })
  senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
  panel = await adminLogin(t, senior)
})
afterAll(async () => {
  await t.close()
})

describe('branding', () => {
  it('when the login page is served, it carries the product name and its own logo, not AdminJS', async () => {
    const res = await request(t.app).get('/admin/login').expect(200)
    expect(res.text).toContain('Finsera CRM')
    expect(res.text).toContain('/admin/brand/logo.svg')
    expect(res.text).not.toContain("the world's leading open-source")
    expect(res.text).toContain('#aa3300')
    const logo = await request(t.app).get('/admin/brand/logo.svg').expect(200)
    expect(logo.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(logo.body.toString()).toContain('fill="#aa3300"')
    expect(logo.body.toString()).toContain('>FC<')
  })
})

describe('people by name', () => {
  it('when a booking is trashed, the trash list and record show who by name, and its history names them too', async () => {
    const booking = await seedBooking(t, senior, { company_name: 'NAMED IN PANEL' })
    await panel.post(recordUrl('Booking', booking._id, 'delete')).expect(200)
    const list = await panel.get(resourceUrl('BookingTrash', 'list')).expect(200)
    const row = (list.body.records as { id: string; params: Record<string, unknown> }[]).find(
      (record) => record.id === booking._id,
    )
    expect(row?.params.deletedBy).toBe('Sana Senior')
    const shown = await panel.get(recordUrl('BookingTrash', booking._id, 'show')).expect(200)
    expect(shown.body.record.params.deletedBy).toBe('Sana Senior')
    expect(
      await t.context.resources.bookings.model.collection.findOne({ company_name: 'NAMED IN PANEL' }),
    ).toMatchObject({
      deletedBy: senior.id,
    })

    await t.context.resources.bookings.restore({ kind: 'system' }, booking._id)
    const history = await panel.get(recordUrl('Booking', booking._id, 'history')).expect(200)
    const trashEntry = (history.body.history as { action: string; changes: unknown[] }[]).find(
      (e) => e.action === 'trash',
    )
    expect(trashEntry?.changes).toContainEqual(expect.objectContaining({ path: 'deletedBy', after: 'Sana Senior' }))
    const restoreEntry = (history.body.history as { action: string; changes: unknown[] }[]).find(
      (e) => e.action === 'restore',
    )
    expect(restoreEntry?.changes).toContainEqual(expect.objectContaining({ path: 'deletedBy', before: 'Sana Senior' }))
  })
})

describe('pickers', () => {
  it('when the booking form and the user form open, services and roles are choices from the database', async () => {
    await t.context.resources.services.create({ kind: 'system' }, { label: 'Picker Service Alpha', value: 'psa' })
    await t.context.resources.services.create(
      { kind: 'system' },
      { label: 'Disabled Beta', value: 'db', status: false },
    )
    const form = await panel.get('/admin/resources/Booking/actions/new').expect(200)
    expect(form.text).toContain('{"value":"Picker Service Alpha","label":"Picker Service Alpha"}')
    expect(form.text).not.toContain('"value":"Disabled Beta"')

    const dev = await createUser(t, { role: 'srdev' })
    const users = await (await adminLogin(t, dev)).get('/admin/resources/User/actions/new').expect(200)
    for (const role of ['srdev', 'senior admin', 'HR', 'bdm'])
      expect(users.text).toContain(`{"value":"${role}","label":"${role}"}`)
  })
})

describe('dates typed in the booking form', () => {
  it('when the date is cleared or half-typed, the form says what a date looks like and nothing is stored', async () => {
    const before = await t.context.resources.bookings.model.countDocuments()
    const res = await postForm(panel, resourceUrl('Booking', 'new'), {
      ...bookingPayload(),
      date: '',
      payment_date: '',
    })
    expect(res.body.record.errors.date).toMatchObject({ message: 'must be a date such as 2025-11-01' })
    expect(JSON.stringify(res.body.record.errors)).not.toContain('expected date')
    expect(await t.context.resources.bookings.model.countDocuments()).toBe(before)
  })

  it('when a payment date is cleared on edit, it is stored as no date and audited', async () => {
    const booking = await seedBooking(t, senior, { payment_date: '2025-11-02' })
    const form = (await panel.get(recordUrl('Booking', booking._id, 'edit'))).body.record.params
    const res = await postForm(panel, recordUrl('Booking', booking._id, 'edit'), { ...form, payment_date: '' })
    expect(res.body.record.errors ?? {}).toEqual({})
    expect(await storedBooking(t, booking._id)).toMatchObject({ payment_date: null, _rev: 2 })
    const last = (await auditOf(t, booking._id)).at(-1)
    expect(last).toMatchObject({
      action: 'update',
      changes: [{ path: 'payment_date', before: new Date('2025-11-02T00:00:00.000Z') }],
    })
  })
})

describe('a Secure session cookie over plain HTTP', () => {
  let secure: TestApp
  let logDir: string
  beforeAll(async () => {
    logDir = mkdtempSync(path.join(tmpdir(), 'crm-secure-cookie-logs-'))
    secure = await buildTestApp('admin_secure_cookie', {
      env: { ADMIN_SECURE_COOKIE: 'true', TRUST_PROXY: 'true', LOG_DIR: logDir },
    })
  })
  afterAll(async () => {
    await secure.close()
  })

  function loggedWarning(): string | undefined {
    return readdirSync(logDir)
      .filter((file) => file.endsWith('.log'))
      .map((file) => readFileSync(path.join(logDir, file), 'utf8'))
      .join('\n')
      .split('\n')
      .find((line) => line.includes('admin sign-in refused: Secure session cookie over plain HTTP'))
  }

  it('when someone signs in over http, the page says why and the log warns; over https (proxy) it works', async () => {
    const user = await createUser(secure, { role: 'senior admin' })
    const page = await request(secure.app).get('/admin/login').expect(200)
    expect(page.text).toContain('Sign-in needs HTTPS here')
    const refused = await request(secure.app)
      .post('/admin/login')
      .type('form')
      .send({ email: user.email, password: user.password })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('TRUST_PROXY=true')
    expect(refused.headers['set-cookie']).toBeUndefined()
    await expect.poll(loggedWarning, { timeout: 20_000 }).toBeDefined()
    expect(loggedWarning()).toContain('"trustProxy":true')

    const viaProxy = await request(secure.app)
      .post('/admin/login')
      .set('x-forwarded-proto', 'https')
      .type('form')
      .send({ email: user.email, password: user.password })
    expect(viaProxy.status).toBe(302)
    expect(String(viaProxy.headers['set-cookie'])).toContain('Secure')
  })
})
