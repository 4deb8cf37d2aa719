import { z } from 'zod'
import { multilineText, requiredText, text } from './fields/text.js'
import { aadhaarNumber, bankAccountNumber, ifscCode, indianPhone, panNumber } from './fields/indian-ids.js'

// What a caller may send for an employee profile (seed 1's EmployeeProfile fields, shared/reference §2.4), with the
// validation its frontend only pretended to have. Documents, the employee id and the status are not input.

export const GENDERS = ['Male', 'Female', 'Other'] as const
export const MARITAL_STATUSES = ['Single', 'Married', 'Divorced', 'Widowed'] as const
export const RELATIONSHIPS = ['Father', 'Mother', 'Spouse', 'Brother', 'Sister', 'Friend', 'Other'] as const

const DAY_MS = 86_400_000
const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254))

/** A calendar date; `notAfterDays` bounds how far ahead it may lie (0: not in the future). */
function date(notAfterDays: number) {
  return z.coerce
    .date({ error: 'must be a date' })
    .refine((value) => value.getTime() <= Date.now() + notAfterDays * DAY_MS, {
      message: notAfterDays === 0 ? 'must not be in the future' : `must be within ${notAfterDays} days from today`,
    })
    .refine((value) => value.getUTCFullYear() >= 1900, 'must be after 1900')
}

/** Forms send "" for an optional date they leave empty. */
const optionalDate = z.preprocess((value) => (value === '' ? null : value), date(0).nullable())

/** Integer paise (money is never a float here); legacy routes convert the frontend's rupees. */
export const salaryPaise = z.coerce
  .number({ error: 'must be an amount' })
  .int('must be whole paise')
  .nonnegative('must not be negative')
  .max(1e13)

export const employeeInput = z.strictObject({
  /** The user this profile belongs to; self-service callers get their own id. */
  userId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a user id')
    .optional(),
  employeeFullName: requiredText(200),
  designation: requiredText(100),
  department: requiredText(100),
  branch: requiredText(100),
  gender: z.enum(GENDERS),
  maritalStatus: z.enum(MARITAL_STATUSES),
  dateOfBirth: date(0).refine((value) => value.getTime() <= Date.now() - 14 * 365 * DAY_MS, 'must be 14+ years ago'),
  personalContactNumber: indianPhone,
  personalEmailAddress: email,
  workEmail: email,
  workPhoneNumber: indianPhone,
  permanentAddress: multilineText(500).pipe(z.string().min(1, 'is required')),
  currentAddress: multilineText(500).pipe(z.string().min(1, 'is required')),
  emergencyContactName: requiredText(200),
  emergencyContactNumber: indianPhone,
  emergencyContactRelationship: z.enum(RELATIONSHIPS),
  dateOfJoining: date(366),
  reportingManager: requiredText(200),
  /**
   * The login of the reporting manager, who decides this employee's leaves once HR has accepted the profile; kept
   * beside the legacy free-text `reportingManager` (seed 1's frontend reads and sends only that). Null: none.
   */
  managerUser: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a user id')
    .nullable()
    .optional(),
  offeredSalary: salaryPaise,
  dateOfLastPromotion: optionalDate.optional(),
  educationQualification: requiredText(200),
  previousEmployer: text(200).optional(),
  totalWorkExperience: requiredText(50),
  accountNumber: bankAccountNumber,
  bankName: requiredText(100),
  ifscCode,
  panNumber,
  aadharNumber: aadhaarNumber,
})

export type EmployeeInput = z.input<typeof employeeInput>
