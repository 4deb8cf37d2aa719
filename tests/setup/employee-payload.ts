import { verhoeffDigit } from '../../src/models/fields/indian-ids.js'

// A valid employee profile as data only (no test runner imports), so bench/ builds the same profile the tests do.

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
