import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxDeliver } from '../../src/jobs/outbox.deliver.js'
import { runJob } from '../../src/jobs/run-job.js'
import { MAX_ATTEMPTS, outboxModel } from '../../src/outbox/outbox-entry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { APPSCRIPT_TEST_SECRET, startAppScriptDouble, type AppScriptDouble } from '../setup/appscript-double.js'
import { razorpayEnv, startRazorpayDouble, type RazorpayDouble } from '../setup/razorpay-double.js'
import { smtpDouble, type SmtpDouble } from '../setup/smtp-double.js'

// Sheets rows and mails go through the outbox: the user's request never waits on them or fails with them.

describe('the Sheets and mail outboxes', () => {
  let t: TestApp
  let razorpay: RazorpayDouble
  let sheets: AppScriptDouble
  let smtp: SmtpDouble
  let bdm: TestUser
  beforeAll(async () => {
    razorpay = await startRazorpayDouble()
    sheets = await startAppScriptDouble()
    smtp = await smtpDouble()
    t = await buildTestApp('outbox', {
      env: {
        ...razorpayEnv(razorpay),
        APPSCRIPT_URL: sheets.url,
        APPSCRIPT_SECRET: APPSCRIPT_TEST_SECRET,
        SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
        MAIL_FROM: 'CRM <crm@test.local>',
        MAIL_WELCOME_PER_HOUR: '3',
      },
    })
    bdm = await createUser(t, { role: 'bdm', name: 'Ravi' })
  })
  afterAll(async () => {
    await t.close()
    await smtp.stop()
    await sheets.close()
    await razorpay.close()
  })

  const outbox = () => outboxModel(t.context.db.connection)
  const later = (minutes: number) => ({ at: new Date(Date.now() + minutes * 60_000).toISOString() })

  it('when Sheets and SMTP are down, the requests succeed and the entries deliver once they are back', async () => {
    sheets.down = true
    const link = await request(t.app)
      .post('/payments/create-upi-link')
      .set('authorization', bdm.token)
      .send({ amount: 1499.5, name: 'Meera', email: 'meera@example.com', phone: '9876543210', bdm: 'Ravi' })
    expect(link.status).toBe(200)
    expect(link.body).toMatchObject({ success: true, message: 'Payment link created' })
    const welcome = await request(t.app)
      .post('/mail/api/welcome')
      .set('authorization', bdm.token)
      .send({ email: 'client@example.com', name: '<script>alert(1)</script> & Sons', amount: 2500 })
    expect(welcome.status).toBe(200)
    expect(welcome.body).toMatchObject({ message: 'Welcome Mail Sent Successfully.' })

    await runJob(t.context, outboxDeliver, {})
    const pending = await outbox().find().lean()
    expect(pending.map((entry) => [entry.channel, entry.state, entry.attempts]).sort()).toEqual([
      ['mail', 'pending', 1],
      ['sheets', 'pending', 1],
    ])
    expect(pending.every((entry) => typeof entry.lastError === 'string')).toBe(true)

    sheets.down = false
    await smtp.start()
    const run = await runJob(t.context, outboxDeliver, later(5))
    expect(run.processed).toBe(2)
    expect(await outbox().countDocuments({ state: 'sent' })).toBe(2)
    expect(sheets.rows).toEqual([
      expect.objectContaining({ type: 'LINK', amount: 1499.5, phone: '9876543210', bdm: 'Ravi', status: 'Pending', paymentLink: link.body.short_url }),
    ])
    const [mail] = smtp.mails
    expect(mail?.to).toBe('client@example.com')
    expect(mail?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons')
    expect(mail?.html).not.toContain('<script>')
    expect(mail?.text).toContain('first payment of ₹2,500.00')
  })

  it('when a delivery keeps failing, it is retried with backoff and ends failed, visible in the outbox', async () => {
    await outbox().deleteMany({})
    sheets.down = true
    const qr = await request(t.app).post('/payments/create-qr').set('authorization', bdm.token).send({ amount: 100, name: 'Walk-in' })
    expect(qr.status).toBe(201)
    for (let run = 1; run <= MAX_ATTEMPTS; run += 1) await runJob(t.context, outboxDeliver, later(10 * 2 ** run))
    const [entry] = await outbox().find().lean()
    expect(entry).toMatchObject({ channel: 'sheets', state: 'failed', attempts: MAX_ATTEMPTS, lastError: 'Service unavailable' })
    sheets.down = false
  })

  it('when the welcome mail is asked for too often, responds 429; without a token, 401', async () => {
    const sender = await createUser(t, { role: 'bdm' })
    const send = () => request(t.app).post('/mail/api/welcome').set('authorization', sender.token).send({ email: 'a@example.com', name: 'A' })
    for (let i = 0; i < 3; i += 1) expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(429)
    const anonymous = await request(t.app).post('/mail/api/welcome').send({ email: 'a@example.com', name: 'A' })
    expect(anonymous.status).toBe(401)
    const bad = await request(t.app).post('/mail/api/welcome').set('authorization', bdm.token).send({ email: 'nope', name: '' })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('email')
  })
})
