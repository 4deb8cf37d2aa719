import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditActions, bearer, dataOf, storedIn } from './fixtures.js'

// Internal messages are private to their two people: the sender is whoever sends, each sees what they sent or
// received and nothing else, and only the recipient marks a message read.

describe('messages', () => {
  let t: TestApp
  let sender: TestUser
  let recipient: TestUser
  let outsider: TestUser
  let hr: TestUser
  let id: string

  beforeAll(async () => {
    t = await buildTestApp('people-messages')
    sender = await createUser(t, { role: 'bdm' })
    recipient = await createUser(t, { role: 'user' })
    outsider = await createUser(t, { role: 'user' })
    hr = await createUser(t, { role: 'HR' })
    const sent = await request(t.app)
      .post('/api/v1/messages')
      .set(bearer(sender))
      .send({ recipientId: recipient.id, message: 'The proposal is in the shared folder.' })
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    id = String(dataOf(sent)._id)
  })
  afterAll(() => t.close())

  const list = (who: TestUser) => request(t.app).get('/api/v1/messages').set(bearer(who))

  it('when sent, the sender is the caller and the message is unread', async () => {
    const stored = await storedIn(t, 'messages', id)
    expect(String(stored?.senderId)).toBe(sender.id)
    expect(stored?.status).toBe('unread')
    expect(await auditActions(t, id)).toEqual(['create'])
  })

  it('when the body names a sender, responds 400 naming senderId and stores nothing', async () => {
    const before = await t.context.resources.messages.model.countDocuments({})
    const forged = await request(t.app)
      .post('/api/v1/messages')
      .set(bearer(outsider))
      .send({ senderId: sender.id, recipientId: recipient.id, message: 'Forged' })
    expect(forged.status).toBe(400)
    expect(forged.body.details[0].path).toBe('senderId')
    expect(await t.context.resources.messages.model.countDocuments({})).toBe(before)
  })

  it('when sender and recipient list, each sees it; an outsider and HR see nothing of it', async () => {
    for (const who of [sender, recipient]) {
      expect((await list(who)).body.data.map((item: { _id: string }) => item._id)).toContain(id)
    }
    for (const who of [outsider, hr]) {
      const listed = await list(who)
      expect(listed.status).toBe(200)
      expect(listed.body.data.map((item: { _id: string }) => item._id)).not.toContain(id)
      expect((await request(t.app).get(`/api/v1/messages/${id}`).set(bearer(who))).status).toBe(404)
    }
  })

  it('when the sender tries to mark it read, responds 403; an outsider gets 404; it stays unread', async () => {
    expect((await request(t.app).post(`/api/v1/messages/${id}/read`).set(bearer(sender))).status).toBe(403)
    expect((await request(t.app).post(`/api/v1/messages/${id}/read`).set(bearer(outsider))).status).toBe(404)
    expect((await storedIn(t, 'messages', id))?.status).toBe('unread')
  })

  it('when the generic transition route is used to mark it read, refuses (403 recipient, 409 srdev)', async () => {
    const srdev = await createUser(t, { role: 'srdev' })
    const route = `/api/v1/messages/${id}/transition`
    expect((await request(t.app).post(route).set(bearer(recipient)).send({ to: 'read' })).status).toBe(403)
    expect((await request(t.app).post(route).set(bearer(srdev)).send({ to: 'read' })).status).toBe(409)
    expect((await storedIn(t, 'messages', id))?.status).toBe('unread')
  })

  it('when the recipient marks it read, it is read with the time, audited with the recipient as actor', async () => {
    const res = await request(t.app).post(`/api/v1/messages/${id}/read`).set(bearer(recipient))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(dataOf(res).status).toBe('read')
    const stored = await storedIn(t, 'messages', id)
    expect(stored?.status).toBe('read')
    expect(stored?.readAt).toBeInstanceOf(Date)
    expect(await auditActions(t, id)).toEqual(['create', 'transition'])
    const entry = await t.context.resources.audit.findOne({ action: 'transition', reason: 'read' })
    expect(entry?.actor).toMatchObject({ kind: 'user', id: recipient.id })
    const again = await request(t.app).post(`/api/v1/messages/${id}/read`).set(bearer(recipient))
    expect(again.status).toBe(200)
    expect(await auditActions(t, id)).toEqual(['create', 'transition'])
  })

  it('when someone writes to themself or to nobody, responds 400 naming recipientId', async () => {
    const self = await request(t.app)
      .post('/api/v1/messages')
      .set(bearer(outsider))
      .send({ recipientId: outsider.id, message: 'Note to self' })
    expect(self.status).toBe(400)
    expect(self.body.details[0].path).toBe('recipientId')
    const nobody = await request(t.app)
      .post('/api/v1/messages')
      .set(bearer(outsider))
      .send({ recipientId: '0123456789abcdef01234567', message: 'Hello?' })
    expect(nobody.status).toBe(400)
    expect(nobody.body.details[0].path).toBe('recipientId')
  })

  it('when a member of staff tries to edit a sent message, responds 403 and the text stays', async () => {
    const res = await request(t.app).patch(`/api/v1/messages/${id}`).set(bearer(sender)).send({ message: 'Edited' })
    expect(res.status).toBe(403)
    expect((await storedIn(t, 'messages', id))?.message).toBe('The proposal is in the shared folder.')
  })
})
