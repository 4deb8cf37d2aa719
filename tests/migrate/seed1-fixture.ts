import bcrypt from 'bcrypt'
import { ObjectId, type Db } from 'mongodb'
import { newPassword } from '../factories.js'

// A seed-1 database in its exact shapes (shared/reference/seed-systems.md §2.4, §2.5), built with the raw driver as
// seed 1's mongoose would have stored it: cost-5 hashes, free-text roles, contact_no as a Number, `updatedhistory`
// maps, `isDeleted` trash, no `_rev`, no `__v`.

export interface Seed1Fixture {
  passwords: Record<string, string>
  ids: {
    dev: ObjectId
    bdm: ObjectId
    unknownRole: ObjectId
    plainBooking: ObjectId
    historyBooking: ObjectId
    trashedBooking: ObjectId
    flaggedBooking: ObjectId
  }
}

function booking(userId: ObjectId, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const at = new Date('2025-10-01T10:00:00Z')
  return {
    _id: new ObjectId(),
    user_id: userId.toHexString(),
    bdm: 'Ravi Kumar',
    branch_name: '407 AMD',
    company_name: 'Old Traders',
    contact_person: 'Meera Shah',
    email: 'meera@example.com',
    contact_no: 9876543210,
    services: ['MSME Registration'],
    closed_by: '',
    total_amount: 20000,
    term_1: 5000,
    term_2: null,
    term_3: null,
    payment_date: at,
    pan: 'ABCDE1234F',
    gst: 'N/A',
    remark: '',
    date: at,
    after_disbursement: '',
    bank: 'Cash',
    state: 'Gujarat',
    status: 'Pending',
    updatedhistory: [],
    isDeleted: false,
    deletedAt: null,
    deletedBy: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  }
}

export async function buildSeed1(db: Db): Promise<Seed1Fixture> {
  const passwords = { dev: newPassword(), bdm: newPassword(), unknownRole: newPassword() }
  const ids = {
    dev: new ObjectId(),
    bdm: new ObjectId(),
    unknownRole: new ObjectId(),
    plainBooking: new ObjectId(),
    historyBooking: new ObjectId(),
    trashedBooking: new ObjectId(),
    flaggedBooking: new ObjectId(),
  }
  const user = async (_id: ObjectId, name: string, role: string, password: string, isActive: boolean) => ({
    _id,
    name,
    email: `${name.toLowerCase().replace(/\s/g, '.')}.${_id.toHexString().slice(-6)}@Example.com`,
    password: await bcrypt.hash(password, 5),
    user_role: role,
    isActive,
  })
  await db.collection('users').insertMany([
    await user(ids.dev, 'Old Dev', 'dev', passwords.dev, false),
    await user(ids.bdm, 'Ravi Kumar', 'BDM', passwords.bdm, true),
    await user(ids.unknownRole, 'Old Manager', 'Branch Manager', passwords.unknownRole, false),
  ])
  await db.collection('services').insertMany([
    { label: 'MSME Registration', value: 'msme-registration', status: true },
    { label: 'Startup India', value: 'startup-india', status: false },
  ])
  const edited = new Date('2025-10-05T09:00:00Z')
  await db.collection('bookings').insertMany([
    booking(ids.bdm, { _id: ids.plainBooking }),
    booking(ids.bdm, {
      _id: ids.historyBooking,
      term_1: 8000,
      updatedhistory: [
        { updatedBy: 'Ravi Kumar', updatedAt: edited, note: 'first call', changes: { term_1: { old: 5000, new: 6000 } } },
        {
          updatedBy: 'Old Dev',
          updatedAt: new Date('2025-10-06T09:00:00Z'),
          note: '',
          changes: { term_1: { old: 6000, new: 8000 }, status: { old: 'Pending', new: 'In Progress' } },
        },
      ],
      status: 'In Progress',
    }),
    booking(ids.bdm, { _id: ids.trashedBooking, isDeleted: true, deletedAt: edited, deletedBy: 'Old Dev' }),
    booking(ids.bdm, { _id: ids.flaggedBooking, status: 'Done', pan: 'not-a-pan' }),
  ])
  return { passwords, ids }
}
