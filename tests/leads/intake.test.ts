import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { formBody, PDF_BYTES, rawEmail, storedLead } from './lead-fixtures.js'

const SECRET = 'inbound-secret-for-tests-0123'
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp('lead_intake', { env: { LEAD_INBOUND_SECRET: SECRET, LEAD_INTAKE_MAX_PER_IP: '1000' } })
})
afterAll(async () => t.close())

const api = () => request(t.app)

describe('website form intake', () => {
  it('when seed 1 posts its form body to /email/add, answers 201 with the id and stores one normalised lead with the raw submission', async () => {
    const body = formBody({ phoneNumber: '098765 43210', email: 'Meera.Form@Example.COM' })
    const res = await api().post('/email/add').send(body).expect(201)
    expect(res.body).toMatchObject({ message: 'Email entry created', id: expect.any(String) })
    expect(res.body.created).toMatchObject({ name: 'Asha Verma', assignedTo: 'unassigned' })
    const stored = await storedLead(t, res.body.id as string)
    expect(stored).toMatchObject({
      email: 'meera.form@example.com',
      phoneNumber: '+919876543210',
      source: 'website',
      status: 'new',
      assignedTo: null,
    })
    const [submission] = stored?.submissions as Array<{ raw: string; source: string }>
    expect(JSON.parse(submission?.raw ?? '{}')).toEqual(body)
    const entries = await auditOf(t, res.body.id as string)
    expect(entries.map((e) => [e.action, e.actor.kind, e.actor.name, e.status])).toEqual([
      ['create', 'webhook', 'lead-form', 'committed'],
    ])
  })

  it('when the same email and phone are posted again, responds 409 and stores no second copy', async () => {
    const body = formBody()
    await api().post('/api/v1/leads/intake').send(body).expect(201)
    const res = await api()
      .post('/email/add')
      .send({ ...body, message: 'again' })
      .expect(409)
    expect(res.body.message).toMatch(/already received/)
    const count = await t.context.resources.leads.model.countDocuments({ email: String(body.email).toLowerCase() })
    expect(count).toBe(1)
  })

  it('when name, phone and email are missing, responds 400 naming each and stores nothing', async () => {
    const before = await t.context.resources.leads.model.countDocuments({})
    const res = await api().post('/api/v1/leads/intake').send({ companyName: 'X' }).expect(400)
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'name', 'phoneNumber'])
    expect(await t.context.resources.leads.model.countDocuments({})).toBe(before)
  })

  it('when the phone is not a phone number, responds 400 naming phoneNumber', async () => {
    const res = await api()
      .post('/email/add')
      .send(formBody({ phoneNumber: '12ab' }))
      .expect(400)
    expect(res.body.message).toMatch(/phoneNumber/)
  })

  it('when the honeypot is filled, answers like a success and stores nothing', async () => {
    const body = formBody({ _gotcha: 'http://spam.example' })
    const res = await api().post('/api/v1/leads/intake').send(body).expect(201)
    expect(await storedLead(t, res.body.data.id as string)).toBeNull()
  })

  it('when a field holds HTML, it is stored as the text it is', async () => {
    const res = await api()
      .post('/api/v1/leads/intake')
      .send(formBody({ message: '<script>alert(1)</script>' }))
      .expect(201)
    expect((await storedLead(t, res.body.data.id as string))?.message).toBe('<script>alert(1)</script>')
  })
})

describe('raw email intake', () => {
  const post = (raw: Buffer, secret = SECRET) =>
    api()
      .post('/api/v1/leads/inbound-email')
      .set('Content-Type', 'message/rfc822')
      .set('X-Inbound-Secret', secret)
      .send(raw)

  it('when a form notification with a PDF attachment arrives, creates one lead with its fields and the stored document', async () => {
    const raw = rawEmail({
      text: 'Name: Kiran Rao\nEmail: Kiran@Example.com\nPhone: +91 99887 76655\nService: GST Filing\nMessage: Need help',
      attachments: [
        { name: 'brief.pdf', type: 'application/pdf', bytes: PDF_BYTES },
        { name: 'notes.docx', type: 'application/octet-stream', bytes: Buffer.from('PK not really') },
      ],
    })
    const res = await post(raw).expect(201)
    const id = res.body.data.id as string
    const stored = await storedLead(t, id)
    expect(stored).toMatchObject({
      name: 'Kiran Rao',
      email: 'kiran@example.com',
      phoneNumber: '+919988776655',
      service: 'GST Filing',
      source: 'email',
    })
    const documents = stored?.documents as Array<Record<string, unknown>>
    expect(documents).toMatchObject([
      { originalName: 'brief.pdf', stored: true, storedType: 'application/pdf' },
      { originalName: 'notes.docx', stored: false, refused: 'UNSUPPORTED_MEDIA_TYPE' },
    ])
    expect(await t.context.storage.read(documents[0]?.key as string)).toEqual(PDF_BYTES)
    expect((await auditOf(t, id)).map((e) => [e.action, e.actor.name])).toEqual([['create', 'inbound-email']])
  })

  it('when the same message is delivered twice, creates one lead and answers the second with it', async () => {
    const raw = rawEmail({ from: 'Dev Patel <dev.patel@example.com>', text: 'Interested in your services' })
    const first = await post(raw).expect(201)
    const second = await post(raw).expect(200)
    expect(second.body.data).toEqual({ duplicate: true, id: first.body.data.id })
    expect(await t.context.resources.leads.model.countDocuments({ email: 'dev.patel@example.com' })).toBe(1)
  })

  it('when the secret is wrong, responds 401 and stores nothing', async () => {
    const before = await t.context.resources.leads.model.countDocuments({})
    await post(rawEmail({ text: 'Name: X\nEmail: x@example.com' }), 'wrong-secret-wrong-secret').expect(401)
    expect(await t.context.resources.leads.model.countDocuments({})).toBe(before)
  })

  it('when the body is empty or not an email, responds 400 and stores nothing', async () => {
    const before = await t.context.resources.leads.model.countDocuments({})
    await post(Buffer.alloc(0)).expect(400)
    await post(Buffer.from('\u0000\u0001garbage')).expect(400)
    expect(await t.context.resources.leads.model.countDocuments({})).toBe(before)
  })
})

describe('intake flood', () => {
  it('when one IP posts more than the limit, answers 429 with Retry-After', async () => {
    const small = await buildTestApp('lead_flood', { env: { LEAD_INTAKE_MAX_PER_IP: '2' } })
    try {
      await request(small.app).post('/email/add').send(formBody()).expect(201)
      await request(small.app).post('/api/v1/leads/intake').send(formBody()).expect(201)
      const res = await request(small.app).post('/email/add').send(formBody()).expect(429)
      expect(res.headers['retry-after']).toBeDefined()
      expect(await small.context.resources.leads.model.countDocuments({})).toBe(2)
    } finally {
      await small.close()
    }
  })

  it('when a raw email is larger than LEAD_INBOUND_MAX_BYTES, answers 413 and stores nothing', async () => {
    const small = await buildTestApp('lead_big_mail', {
      env: { LEAD_INBOUND_SECRET: SECRET, LEAD_INBOUND_MAX_BYTES: '2048' },
    })
    try {
      const raw = rawEmail({ text: `Name: Big\nEmail: big@example.com\n${'x'.repeat(4096)}` })
      await request(small.app)
        .post('/api/v1/leads/inbound-email')
        .set('Content-Type', 'message/rfc822')
        .set('X-Inbound-Secret', SECRET)
        .send(raw)
        .expect(413)
      expect(await small.context.resources.leads.model.countDocuments({})).toBe(0)
    } finally {
      await small.close()
    }
  })
})
