import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordReceipt } from '../../src/payments/record-receipt.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { committedAudit } from '../setup/money-app.js'
import { seedBooking, storedBooking } from '../setup/resource-app.js'

// A captured Razorpay payment recorded on a seed-1 booking (term_1..3) by the webhook and the reconcile job at the
// same moment: it lands once. Two different payments at the same moment both land, in two terms. Final state only.

const ROUNDS = 3
const webhook = { kind: 'webhook', source: 'razorpay' } as const
const job = { kind: 'job', name: 'payments.reconcile' } as const

describe('booking receipts recorded concurrently', () => {
  let t: TestApp
  let bdm: TestUser
  beforeAll(async () => {
    t = await buildTestApp('payments-receipt-race')
    bdm = await createUser(t, { role: 'bdm' })
  })
  afterAll(() => t.close())

  const receiptEntries = async (bookingId: string) =>
    (await committedAudit(t, 'bookings', bookingId)).filter((entry) => entry.reason?.startsWith('receipt '))

  it('when the webhook and the job record the same payment at once, the booking counts it once', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const booking = await seedBooking(t, bdm, { total_amount: 10_000 })
      const payment = { _id: new Types.ObjectId(), booking_id: booking._id }
      const captured = { id: `pay_race${String(round)}`, amount: 250_000, created_at: 1_700_000_000 }
      const recorded = await Promise.all([
        recordReceipt(t.context.resources, webhook, payment, captured),
        recordReceipt(t.context.resources, job, payment, captured),
      ])
      expect(recorded.sort()).toEqual([false, true])
      expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 2500, term_2: 0, received_amount: 2500 })
      expect(await receiptEntries(booking._id)).toHaveLength(1)
    }
  })

  it('when two different payments are recorded at once, both land, in two terms', async () => {
    const booking = await seedBooking(t, bdm, { total_amount: 10_000 })
    const payment = { _id: new Types.ObjectId(), booking_id: booking._id }
    await Promise.all([
      recordReceipt(t.context.resources, webhook, payment, {
        id: 'pay_one',
        amount: 100_000,
        created_at: 1_700_000_000,
      }),
      recordReceipt(t.context.resources, job, payment, { id: 'pay_two', amount: 100_000, created_at: 1_700_000_000 }),
    ])
    expect(await storedBooking(t, booking._id)).toMatchObject({ term_1: 1000, term_2: 1000, received_amount: 2000 })
    expect(await receiptEntries(booking._id)).toHaveLength(2)
  })
})
