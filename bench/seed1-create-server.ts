/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
/**
 * The seed-1 baseline of bench:api's create rows: what seed 1's `POST /booking/addbooking` does per request, written
 * from its documented contract (../shared/reference/seed-systems.md), in a process of its own on the same database
 * server as the app. express.json and cors, the token verified from the raw `authorization` header with no user
 * lookup, the ten required fields checked for truthiness, one `Model.create` into an unindexed collection with
 * timestamps and no `__v`, 201 with the stored booking. No audit entry, no owner check, no validation of values:
 * the figure our audited create must reach (issue 14: "creates at least as fast as seed 1").
 * Run by bench/api.ts: tsx bench/seed1-create-server.ts <mongodb uri> <jwt secret>; prints its port when listening.
 */
import type { AddressInfo } from 'node:net'
import cors from 'cors'
import express from 'express'
import jwt from 'jsonwebtoken'
import mongoose, { Schema } from 'mongoose'

const [uri, secret] = process.argv.slice(2)
if (!uri || !secret) throw new Error('usage: seed1-create-server.ts <mongodb uri> <jwt secret>')

const Booking = mongoose.model(
  'Booking',
  new Schema(
    {
      user_id: { type: String, required: true },
      bdm: { type: String, required: true },
      branch_name: { type: String, required: true },
      company_name: String,
      contact_person: { type: String, required: true },
      email: { type: String, required: true },
      contact_no: { type: Number, required: true },
      services: { type: [String], required: true },
      closed_by: String,
      total_amount: { type: Number, required: true },
      term_1: Number,
      term_2: Number,
      term_3: Number,
      payment_date: Date,
      pan: String,
      gst: String,
      remark: String,
      date: { type: Date, required: true },
      after_disbursement: String,
      bank: String,
      state: { type: String, required: true },
      status: String,
      updatedhistory: [{ updatedBy: String, updatedAt: Date, note: String, changes: Schema.Types.Mixed }],
      isDeleted: { type: Boolean, default: false },
      deletedAt: { type: Date, default: null },
      deletedBy: { type: String, default: null },
    },
    { timestamps: true, versionKey: false },
  ),
)

const REQUIRED = [
  'branch_name',
  'contact_person',
  'user_id',
  'bdm',
  'email',
  'services',
  'total_amount',
  'pan',
  'state',
  'date',
] as const

const app = express()
app.use(express.json())
app.use(cors())
app.post('/booking/addbooking', (req, res, next) => {
  // Seed 1 verifies the header verbatim; the bench sends the app's raw token, so no `Bearer ` handling is needed.
  try {
    jwt.verify(req.headers.authorization ?? '', secret)
  } catch {
    res.status(401).send({ message: 'Invalid token' })
    return
  }
  const body = req.body as Record<string, unknown>
  const missing = REQUIRED.filter((key) => {
    const value = body[key]
    return !value || (key === 'services' && (!Array.isArray(value) || value.length === 0))
  })
  if (missing.length > 0) {
    res.status(400).send({ message: `Missing required fields: ${missing.join(', ')}` })
    return
  }
  const record: Record<string, unknown> = {
    ...body,
    company_name: body.company_name || '',
    gst: body.gst || 'N/A',
    date: body.date || new Date(),
  }
  // `Model.create` is `new Model(record).save()`.
  const booking = new Booking(record)
  booking.save().then(() => {
    res.status(201).send({ Message: 'Booking Created Successfully', booking_id: booking._id, booking })
  }, next)
})

await mongoose.connect(uri)
const server = app.listen(0, '127.0.0.1', () => {
  console.log(String((server.address() as AddressInfo).port))
})
