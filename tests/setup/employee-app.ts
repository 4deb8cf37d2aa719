import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { verhoeffDigit } from '../../src/models/fields/indian-ids.js'
import { seedOrganisation } from '../../src/models/seed-organisation.js'
import { buildTestApp, type TestApp, type TestAppOptions } from './app.js'

/** A Verhoeff-valid Aadhaar number, different on every call. */
export function validAadhaar(): string {
  const body = `${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`
  return `${body}${verhoeffDigit(body)}`
}

/** A valid employee profile body (v1: salary in paise); `overrides` replace fields (undefined removes one). */
export function employeePayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    employeeFullName: 'Asha Verma',
    designation: 'HR Executive',
    department: 'Sales',
    branch: 'Main Branch',
    gender: 'Female',
    maritalStatus: 'Single',
    dateOfBirth: '1995-03-14',
    personalContactNumber: '9876543210',
    personalEmailAddress: 'asha.personal@example.com',
    workEmail: 'asha@crm.example.com',
    workPhoneNumber: '9123456780',
    permanentAddress: '12 MG Road, Ahmedabad',
    currentAddress: '12 MG Road, Ahmedabad',
    emergencyContactName: 'Ravi Verma',
    emergencyContactNumber: '9988776655',
    emergencyContactRelationship: 'Father',
    dateOfJoining: '2025-06-01',
    reportingManager: 'Neha Shah',
    offeredSalary: 3_600_000_00,
    educationQualification: 'MBA',
    previousEmployer: 'Acme',
    totalWorkExperience: '3 years',
    accountNumber: '123456789012',
    bankName: 'HDFC Bank',
    ifscCode: 'HDFC0001234',
    panNumber: 'ABCDE1234F',
    aadharNumber: validAadhaar(),
  }
  const merged = { ...base, ...overrides }
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined))
}

/** Smallest files whose bytes sniff as each type. */
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
])
export const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')
export const NOT_AN_IMAGE = Buffer.from('MZ this is an executable, not a photo')

/** Every file under the app's upload directory (to prove no orphan was left). */
export async function uploadedFiles(t: TestApp): Promise<string[]> {
  const root = t.config.uploads.dir
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else found.push(full)
    }
  }
  await walk(root)
  return found
}

/** The real app with seed 1's departments, branches and designations seeded, as `npm start` does. */
export async function buildHrTestApp(label: string, options: TestAppOptions = {}): Promise<TestApp> {
  const t = await buildTestApp(label, options)
  await seedOrganisation(t.context.resources, t.context.logger)
  return t
}
