import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import type { z } from 'zod'
import type { UserActor } from '../../src/access/actor.js'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import type { bookingInput } from '../../src/models/booking.js'
import type { TestUser } from '../factories.js'
import type { TestApp } from './app.js'

type BookingInput = z.input<typeof bookingInput>

/** A valid v1 booking body; `overrides` replace fields (undefined removes one). */
export function bookingPayload(overrides: Record<string, unknown> = {}): BookingInput {
  const base: Record<string, unknown> = {
    bdm: 'Ravi Kumar',
    branch_name: 'Noida 402',
    company_name: `ACME ${randomBytes(3).toString('hex').toUpperCase()}`,
    contact_person: 'Meera Shah',
    email: 'meera@example.com',
    contact_no: '9876543210',
    services: ['MSME Registration'],
    total_amount: 10000,
    term_1: 0,
    date: '2025-11-01',
    pan: 'ABCDE1234F',
    gst: 'N/A',
    bank: 'Cash',
    state: 'Uttar Pradesh',
    status: 'Pending',
  }
  const merged = { ...base, ...overrides }
  // Runtime-checked by the service's zod parse; tests also send deliberately invalid payloads.
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as BookingInput
}

/** The policy actor of a test user, as authentication would build it. */
export async function actorOf(t: TestApp, user: TestUser): Promise<UserActor> {
  const grants = (await t.context.roleCache.grantsOf(user.role)) ?? []
  return { kind: 'user', id: user.id, role: user.role, grants }
}

/** Stores a booking through server code (the same audited service REST uses), owned by `owner`. */
export async function seedBooking(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { _id: string }> {
  const srdev = { kind: 'job', name: 'test.seed' } as const
  const record = await t.context.resources.bookings.create(srdev, bookingPayload({ user_id: owner.id, ...overrides }))
  return record as Record<string, unknown> & { _id: string }
}

/** Every audit entry of a document (any status), oldest first. */
export async function auditOf(t: TestApp, id: string): Promise<AuditEntry[]> {
  return t.context.resources.audit
    .find({ documentId: new Types.ObjectId(id) })
    .sort({ revision: 1 })
    .lean<AuditEntry[]>()
}

export async function storedBooking(t: TestApp, id: string): Promise<Record<string, unknown> | null> {
  return t.context.resources.bookings.model.collection.findOne({ _id: new Types.ObjectId(id) })
}
