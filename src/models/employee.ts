import { Schema } from 'mongoose'
import { defineResource } from './define-resource.js'
import { idText } from '../access/relations.js'
import type { FieldProblem } from '../errors.js'
import { referenceField } from './fields/record-id.js'
import { storedFile } from './fields/stored-file.js'
import { assignEmployeeId } from './employee-id.js'
import { employeeInput, GENDERS, MARITAL_STATUSES, RELATIONSHIPS } from './employee-input.js'
import { EMPLOYEE_WORKFLOW } from './employee-workflow.js'
import { ALL_ACTIONS, ALL_BUT_DESTROY, type GrantSpec } from '../access/vocabulary.js'

// The only place an employee profile is declared: seed 1's EmployeeProfile (shared/reference §2.4) with its
// documents behind the storage interface, its lifecycle as a declared workflow and its id from a counter.

/** A further document (offer letter, ID proof...). */
const otherDocument = new Schema(
  {
    kind: { type: String, enum: ['offer_letter', 'id_proof', 'other'], required: true },
    label: { type: String, default: '' },
    file: { type: storedFile, required: true },
  },
  { _id: true, strict: 'throw' },
)

export const EMPLOYEE_DOCUMENT_FIELDS = ['employeePhoto', 'aadhaarCardPhoto'] as const

const requiredString = { type: String, required: true }

/** Employee fields an HR department keeps to itself: pay, bank and identity numbers. */
export const EMPLOYEE_SENSITIVE_FIELDS = [
  'offeredSalary',
  'accountNumber',
  'bankName',
  'ifscCode',
  'panNumber',
  'aadharNumber',
  'aadhaarCardPhoto',
] as const

/**
 * Every member of staff keeps their own employee profile: create it while none exists (one per user), read it,
 * correct it while it is pending review or rejected (the workflow's `ownerEditableIn`), read its history.
 */
function ownProfile(maskedFields: readonly string[] = []): GrantSpec {
  // Nobody names who approves their own leaves: the manager reference is HR's to set.
  return { actions: ['read', 'create', 'update', 'history'], scope: 'own', maskedFields, readonlyFields: ['managerUser'] }
}

/** A profile cannot name its own login as its manager: nobody decides their own leave. */
function check(record: Record<string, unknown>): FieldProblem[] {
  const manager = idText(record.managerUser)
  if (manager === undefined || manager !== record.userId) return []
  return [{ path: 'managerUser', message: "cannot be the employee's own login" }]
}

export const employeeResource = defineResource({
  name: 'Employee',
  resource: 'employees',
  access: {
    owner: 'userId',
    defaults: {
      srdev: ALL_ACTIONS,
      // Developers read every profile; their own is kept by HR (matrix of issue 3: no employee writes).
      dev: ['read'],
      // Masked in both lines: a field is shown only when no read grant masks it (policy.maskedFields).
      'senior admin': [
        { actions: ['read', 'export'], maskedFields: EMPLOYEE_SENSITIVE_FIELDS },
        ownProfile(EMPLOYEE_SENSITIVE_FIELDS),
      ],
      admin: ownProfile(),
      HR: ALL_BUT_DESTROY,
      bdm: ownProfile(),
      user: ownProfile(),
    },
  },
  fields: {
    userId: { type: String, required: true, unique: true },
    employeeId: { type: String, unique: true, sparse: true },
    employeeFullName: requiredString,
    designation: requiredString,
    department: requiredString,
    branch: requiredString,
    gender: { type: String, enum: GENDERS, required: true },
    maritalStatus: { type: String, enum: MARITAL_STATUSES, required: true },
    dateOfBirth: { type: Date, required: true },
    personalContactNumber: requiredString,
    personalEmailAddress: requiredString,
    workEmail: requiredString,
    workPhoneNumber: requiredString,
    permanentAddress: requiredString,
    currentAddress: requiredString,
    emergencyContactName: requiredString,
    emergencyContactNumber: requiredString,
    emergencyContactRelationship: { type: String, enum: RELATIONSHIPS, required: true },
    dateOfJoining: { type: Date, required: true },
    reportingManager: requiredString,
    managerUser: { ...referenceField(), default: null },
    offeredSalary: { type: Number, required: true, min: 0 },
    dateOfLastPromotion: { type: Date, default: null },
    educationQualification: requiredString,
    previousEmployer: { type: String, default: '' },
    totalWorkExperience: requiredString,
    accountNumber: requiredString,
    bankName: requiredString,
    ifscCode: requiredString,
    panNumber: requiredString,
    aadharNumber: requiredString,
    employeePhoto: { type: storedFile, default: null },
    aadhaarCardPhoto: { type: storedFile, default: null },
    documents: { type: [otherDocument], default: [] },
    status: { type: String, enum: EMPLOYEE_WORKFLOW.states, required: true },
    relievingDate: { type: Date, default: null },
    /** Set by the employees.relieve job when it disabled the linked login. */
    loginDisabledAt: { type: Date, default: null },
  },
  indexes: [
    { fields: { deletedAt: 1, createdAt: -1, _id: -1 } },
    { fields: { deletedAt: 1, department: 1, createdAt: -1 } },
    { fields: { deletedAt: 1, branch: 1, createdAt: -1 } },
    { fields: { deletedAt: 1, status: 1, createdAt: -1 } },
    { fields: { status: 1, relievingDate: 1 } },
    { fields: { personalEmailAddress: 1 } },
    { fields: { workEmail: 1 } },
  ],
  input: employeeInput,
  check,
  audit: true,
  trash: { retentionDays: 3650 },
  search: ['employeeFullName', 'employeeId', 'personalEmailAddress', 'workEmail', 'designation'],
  filters: {
    userId: 'string',
    managerUser: 'id',
    employeeId: 'string',
    department: 'string',
    branch: 'string',
    designation: 'string',
    status: 'string',
    gender: 'string',
    dateOfJoining: 'date',
    dateOfBirth: 'date',
    relievingDate: 'date',
    createdAt: 'date',
  },
  sortable: ['employeeFullName', 'employeeId', 'dateOfJoining', 'createdAt', 'updatedAt', 'department', 'status'],
  defaultSort: '-createdAt',
  exportColumns: [
    'employeeId',
    'employeeFullName',
    'designation',
    'department',
    'branch',
    'status',
    'personalEmailAddress',
    'workEmail',
    'personalContactNumber',
    'workPhoneNumber',
    'dateOfJoining',
    'reportingManager',
    'relievingDate',
    'offeredSalary',
    'bankName',
    'accountNumber',
    'ifscCode',
    'panNumber',
    'aadharNumber',
  ],
  // employeeId is issued by assignOnCreate; the documents by the upload routes; loginDisabledAt by the relieve job.
  internalFields: ['employeeId', ...EMPLOYEE_DOCUMENT_FIELDS, 'documents', 'loginDisabledAt'],
  assignOnCreate: assignEmployeeId,
  references: {
    department: { resource: 'departments', key: 'name' },
    branch: { resource: 'branches', key: 'name' },
    managerUser: { resource: 'users' },
  },
  workflow: EMPLOYEE_WORKFLOW,
  admin: {
    navigation: 'HR',
    listProperties: ['employeeId', 'employeeFullName', 'department', 'designation', 'status', 'dateOfJoining'],
    documents: EMPLOYEE_DOCUMENT_FIELDS,
  },
})
