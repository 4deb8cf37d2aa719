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
    employee: ObjectId
    lead: ObjectId
    paymentLink: ObjectId
    paymentQr: ObjectId
    invoice: ObjectId
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
    employee: new ObjectId(),
    lead: new ObjectId(),
    paymentLink: new ObjectId(),
    paymentQr: new ObjectId(),
    invoice: new ObjectId(),
  }
  const user = async (_id: ObjectId, name: string, role: string, password: string, isActive: boolean) => ({
    _id,
    name,
    email: `${name.toLowerCase().replace(/\s/g, '.')}.${_id.toHexString().slice(-6)}@Example.com`,
    password: await bcrypt.hash(password, 5),
    user_role: role,
    isActive,
  })
  await db
    .collection('users')
    .insertMany([
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
        {
          updatedBy: 'Ravi Kumar',
          updatedAt: edited,
          note: 'first call',
          changes: { term_1: { old: 5000, new: 6000 } },
        },
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
  await buildSeed1People(db, ids)
  return { passwords, ids }
}

/** An employee with seed 1's `updateHistory`, a website lead, a payment link, a QR code and an invoice. */
async function buildSeed1People(db: Db, ids: Seed1Fixture['ids']): Promise<void> {
  const at = new Date('2025-09-01T08:00:00Z')
  await db.collection('employeeprofiles').insertOne({
    _id: ids.employee,
    userId: ids.bdm.toHexString(),
    employeeFullName: 'Ravi Kumar',
    employeeId: 'SL250001',
    designation: 'Sales Executive',
    department: 'Sales',
    branch: '407 AMD',
    gender: 'Male',
    maritalStatus: 'Single',
    dateOfBirth: new Date('1995-04-12'),
    personalContactNumber: '9876543210',
    personalEmailAddress: 'ravi.personal@example.com',
    workEmail: 'ravi@example.com',
    workPhoneNumber: '9876543211',
    permanentAddress: 'Ahmedabad',
    currentAddress: 'Ahmedabad',
    emergencyContactName: 'Sita Kumar',
    emergencyContactNumber: '9876543212',
    emergencyContactRelationship: 'Mother',
    dateOfJoining: new Date('2025-01-06'),
    reportingManager: 'Old Dev',
    offeredSalary: '25,000',
    educationQualification: 'B.Com',
    totalWorkExperience: '3 years',
    accountNumber: '123456789012',
    bankName: 'HDFC Bank',
    ifscCode: 'HDFC0001234',
    panNumber: 'ABCDE1234F',
    aadharNumber: '234123412346',
    employeePhoto: 'https://res.cloudinary.com/demo/photo.jpg',
    aadhaarCardPhoto: 'https://res.cloudinary.com/demo/aadhaar.jpg',
    isActive: true,
    profileCompletionStatus: 'approved',
    updateHistory: [
      {
        updatedBy: ids.dev.toHexString(),
        updatedAt: at,
        changes: { designation: { oldValue: 'Trainee', newValue: 'Sales Executive' } },
        reason: 'Profile approved by HR',
      },
    ],
    createdAt: at,
    updatedAt: at,
  })
  await db.collection('emails').insertOne({
    _id: ids.lead,
    name: 'Asha Rao',
    companyName: 'Rao Foods',
    phoneNumber: '9812345678',
    email: 'Asha@Example.com',
    location: 'Pune',
    service: 'MSME Registration',
    message: 'Please call',
    assignedTo: 'unassigned',
    createdAt: at,
    updatedAt: at,
  })
  await db.collection('paymentlinks').insertOne({
    _id: ids.paymentLink,
    customer: 'Rao Foods',
    contact: '9812345678',
    amount: 1500,
    bdm: 'Ravi Kumar',
    description: 'First instalment',
    link: 'https://rzp.io/i/abc123',
    status: 'PAID',
    createdOn: at,
    createdAt: at,
    updatedAt: at,
  })
  await db.collection('paymentqrs').insertOne({
    _id: ids.paymentQr,
    name: 'Rao Foods',
    bdm: 'Nobody Known',
    amount: 500,
    description: '',
    qr_id: 'qr_abc',
    qr_image: 'https://rzp.io/qr.png',
    usage: 'single_use',
    purpose: 'UPI QR Payment',
    fixed_amount: true,
    close_by: 1_760_000_000,
    status: 'Pending',
    createdOn: at,
    createdAt: at,
    updatedAt: at,
  })
  await db.collection('invoices').insertOne({
    _id: ids.invoice,
    invoiceNumber: 'INV-007',
    date: '2025-09-02',
    clientCompanyName: 'Rao Foods',
    clientName: 'Asha Rao',
    clientEmail: 'asha@example.com',
    clientAddress: 'Pune',
    clientGstNumber: 27,
    items: [{ description: 'MSME Registration', quantity: 1, rate: 1000 }],
    subtotal: 1000,
    gstRate: 18,
    gstAmount: 180,
    total: 1180,
    includeGst: true,
  })
}
