import { z } from 'zod'
import { defineResource } from './define-resource.js'
import { requiredText } from './fields/text.js'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../access/vocabulary.js'

// Departments, branches and designations: small lists HR edits (seed 1 had them as enums). Employees name a
// department and a branch by its `name`, which the engine checks on every write (define-resource `references`).

const name = requiredText(100)

function listResource<Input extends z.ZodObject, const Name extends string>(
  modelName: string,
  resource: Name,
  input: Input,
  extraFields: Record<string, unknown> = {},
) {
  return defineResource({
    name: modelName,
    resource,
    // HR keeps the lists; everyone reads them (readableByAnyUser).
    access: { owner: 'createdBy', defaults: { srdev: ALL_ACTIONS, HR: ALL_BUT_DESTROY } },
    fields: { name: { type: String, required: true, unique: true }, ...extraFields },
    input,
    audit: true,
    trash: { retentionDays: 365 },
    search: ['name'],
    filters: { name: 'string' },
    sortable: ['name', 'createdAt'],
    defaultSort: 'name',
    exportColumns: ['_id', 'name', ...Object.keys(extraFields), 'createdAt'],
    // Every form that picks one (the frontend's Create Profile, the admin panel) needs the list.
    readableByAnyUser: true,
    admin: { navigation: 'HR', listProperties: ['name', ...Object.keys(extraFields)] },
  })
}

export const departmentResource = listResource(
  'Department',
  'departments',
  z.strictObject({
    name,
    /** The employee-id prefix (`SL` in `SL260001`). */
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,4}$/, 'must be 2 to 4 letters'),
  }),
  { code: { type: String, required: true, unique: true } },
)

export const branchResource = listResource('Branch', 'branches', z.strictObject({ name }))

export const designationResource = listResource('Designation', 'designations', z.strictObject({ name }))

/** Seed 1's enums, seeded once into an empty collection (HR edits them afterwards). */
export const SEED_DEPARTMENTS = [
  { name: 'Sales', code: 'SL' },
  { name: 'Digital', code: 'DG' },
  { name: 'Admin', code: 'AD' },
  { name: 'Legal', code: 'LG' },
  { name: 'Finance', code: 'FN' },
] as const
export const SEED_BRANCHES = [{ name: 'Main Branch' }, { name: '407 AMD' }] as const
/** Seed 1 kept designations as free text; these are the ones its frontend's people held. */
export const SEED_DESIGNATIONS = [
  { name: 'Business Development Manager' },
  { name: 'HR Executive' },
  { name: 'Accountant' },
  { name: 'Legal Associate' },
  { name: 'Digital Marketing Executive' },
] as const
