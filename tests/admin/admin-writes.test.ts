import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, bookingPayload, seedBooking, storedBooking } from '../setup/resource-app.js'
import { adminLogin, postForm, recordUrl, resourceUrl, type AdminAgent } from './admin-session.js'

let t: TestApp
let senior: TestUser
let srdev: TestUser
let panel: AdminAgent
let srdevPanel: AdminAgent

beforeAll(async () => {
  t = await buildTestApp('admin_writes')
  senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
  srdev = await createUser(t, { role: 'srdev' })
  panel = await adminLogin(t, senior)
  srdevPanel = await adminLogin(t, srdev)
})
afterAll(async () => {
  await t.close()
})

const asSenior = { kind: 'user', id: '', role: 'senior admin' }
const actorMatch = () => ({ ...asSenior, id: senior.id })

describe('admin writes go through the model layer and are audited with the admin as actor', () => {
  it('when a senior admin creates a booking in the panel, it is stored with derived amounts and audited as them', async () => {
    const res = await postForm(
      panel,
      resourceUrl('Booking', 'new'),
      bookingPayload({ company_name: 'Panel Co', term_1: 1000 }),
    )
    expect(res.status).toBe(200)
    expect(res.body.notice).toMatchObject({ type: 'success' })
    const id = res.body.record.id as string
    expect(await storedBooking(t, id)).toMatchObject({
      company_name: 'Panel Co',
      user_id: senior.id,
      received_amount: 1000,
      _rev: 1,
    })
    const [entry] = await auditOf(t, id)
    expect(entry).toMatchObject({ action: 'create', revision: 1, status: 'committed', actor: actorMatch() })
  })

  it('when a senior admin edits a booking, exactly the changed fields are audited as an update by them', async () => {
    const booking = await seedBooking(t, senior)
    const form = (await panel.get(recordUrl('Booking', booking._id, 'edit'))).body.record.params as Record<
      string,
      unknown
    >
    const res = await postForm(panel, recordUrl('Booking', booking._id, 'edit'), { ...form, status: 'In Progress' })
    expect(res.status).toBe(200)
    expect(res.body.notice).toMatchObject({ type: 'success' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'In Progress', _rev: 2 })
    const entries = await auditOf(t, booking._id)
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({ action: 'update', revision: 2, actor: actorMatch() })
    expect(entries[1]?.changes).toEqual([{ path: 'status', before: 'Pending', after: 'In Progress' }])
  })

  it('when an edit is invalid, the form gets the zod message on the field and nothing is stored or audited', async () => {
    const booking = await seedBooking(t, senior)
    const res = await postForm(panel, recordUrl('Booking', booking._id, 'edit'), { email: 'not-an-email', remark: 'x' })
    expect(res.status).toBe(200)
    expect(res.body.record.errors.email).toMatchObject({ message: 'must be an email address' })
    expect(res.body.notice).toMatchObject({ type: 'error' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ email: 'meera@example.com', remark: '', _rev: 1 })
    expect(await auditOf(t, booking._id)).toHaveLength(1)
  })

  it('when a create breaks a cross-field rule, the form names it and nothing is stored', async () => {
    const before = await t.context.resources.bookings.model.countDocuments()
    const res = await postForm(panel, resourceUrl('Booking', 'new'), bookingPayload({ total_amount: 100, term_1: 500 }))
    expect(res.body.record.errors.received_amount.message).toContain('must not exceed total_amount')
    expect(await t.context.resources.bookings.model.countDocuments()).toBe(before)
  })
})

describe('admin trash: delete moves to the trash; the trash view restores; totals exclude trashed records', () => {
  it('when a booking is deleted, restored and destroyed, lists, totals and audit follow each step', async () => {
    const total = async (resource: string) =>
      (await srdevPanel.get(resourceUrl(resource, 'list'))).body.meta.total as number
    const liveBefore = await total('Booking')
    const trashBefore = await total('BookingTrash')
    const booking = await seedBooking(t, senior)
    expect(await total('Booking')).toBe(liveBefore + 1)

    expect((await panel.post(recordUrl('Booking', booking._id, 'delete'))).body.notice.type).toBe('success')
    expect((await storedBooking(t, booking._id))?.deletedBy).toBe(senior.id)
    expect([await total('Booking'), await total('BookingTrash')]).toEqual([liveBefore, trashBefore + 1])
    expect((await panel.get(recordUrl('Booking', booking._id, 'show'))).status).toBe(404)

    const restored = await panel.get(recordUrl('BookingTrash', booking._id, 'restore'))
    expect(restored.body.notice).toMatchObject({ type: 'success' })
    expect([await total('Booking'), await total('BookingTrash')]).toEqual([liveBefore + 1, trashBefore])

    await panel.post(recordUrl('Booking', booking._id, 'delete'))
    const destroyed = await srdevPanel.post(recordUrl('BookingTrash', booking._id, 'delete'))
    expect(destroyed.body.notice).toMatchObject({ type: 'success' })
    expect(await storedBooking(t, booking._id)).toBeNull()
    const actions = (await auditOf(t, booking._id)).map((entry) => [entry.action, entry.actor.id])
    expect(actions).toEqual([
      ['create', undefined],
      ['trash', senior.id],
      ['restore', senior.id],
      ['trash', senior.id],
      ['destroy', srdev.id],
    ])
  })

  it('when a trashed booking has money received, its permanent delete is refused with the legal-hold message', async () => {
    const booking = await seedBooking(t, senior, { term_1: 100 })
    await t.context.resources.bookings.trash({ kind: 'system' }, booking._id)
    const res = await srdevPanel.post(recordUrl('BookingTrash', booking._id, 'delete'))
    expect(res.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('legal hold') })
    expect(await storedBooking(t, booking._id)).not.toBeNull()
  })
})

describe('admin history: who, when, which field from what to what, and restore to a revision', () => {
  it('when a senior admin opens the history, each entry names the admin and the field change', async () => {
    const booking = await seedBooking(t, senior)
    const form = (await panel.get(recordUrl('Booking', booking._id, 'edit'))).body.record.params
    await postForm(panel, recordUrl('Booking', booking._id, 'edit'), { ...form, remark: 'called twice' })
    const res = await panel.get(recordUrl('Booking', booking._id, 'history'))
    expect(res.status).toBe(200)
    expect(res.body.mayRestore).toBe(true)
    expect(res.body.history).toHaveLength(2)
    expect(res.body.total).toBe(2)
    // Newest first: the admin action returns the latest page of the trail.
    expect(res.body.history[0]).toMatchObject({
      revision: 2,
      action: 'update',
      who: `Sana Senior <${senior.email}> (senior admin)`,
      changes: [{ path: 'remark', before: '', after: 'called twice' }],
    })
  })

  it('when a senior admin restores revision 1, the fields come back as a new audited revision by them', async () => {
    const booking = await seedBooking(t, senior)
    await t.context.resources.bookings.update({ kind: 'system' }, booking._id, { status: 'Completed' })
    const res = await postForm(panel, recordUrl('Booking', booking._id, 'history'), { revision: 1 })
    expect(res.body.notice).toMatchObject({ type: 'success' })
    expect(await storedBooking(t, booking._id)).toMatchObject({ status: 'Pending', _rev: 3 })
    expect((await auditOf(t, booking._id))[2]).toMatchObject({ action: 'restore-revision', actor: actorMatch() })
  })

  it('when a bdm opens the history of their own booking (no history grant), responds 403', async () => {
    const bdm = await createUser(t, { role: 'bdm' })
    const own = await seedBooking(t, bdm)
    const res = await (await adminLogin(t, bdm)).get(recordUrl('Booking', own._id, 'history'))
    expect(res.status).toBe(403)
  })
})
