import { z } from 'zod'

// The vocabulary of the access policy and the default matrix seeded into the roles collection.

export const RESOURCES = ['users', 'roles', 'bookings', 'services', 'employees', 'leads'] as const
export type Resource = (typeof RESOURCES)[number]

export const ACTIONS = ['read', 'create', 'update', 'trash', 'restore', 'destroy', 'export', 'history'] as const
export type Action = (typeof ACTIONS)[number]

export const SCOPES = ['all', 'own'] as const
export type Scope = (typeof SCOPES)[number]

/** One line of a role's permissions: these actions on this resource, on these records, with these field limits. */
export const RoleGrantSchema = z.strictObject({
  resource: z.enum(RESOURCES),
  actions: z.array(z.enum(ACTIONS)).min(1),
  scope: z.enum(SCOPES).default('all'),
  /** Fields shown masked (lists, details, exports, audit views). */
  maskedFields: z.array(z.string().regex(/^[A-Za-z_][\w.]*$/)).default([]),
  /** Fields this role may not change even where it may update the record. */
  readonlyFields: z.array(z.string().regex(/^[A-Za-z_][\w.]*$/)).default([]),
})
export type RoleGrant = z.infer<typeof RoleGrantSchema>

/** Who owns a record, for the `own` scope. Resources without an owner field cannot be granted `own`. */
export const OWNER_FIELD: Readonly<Record<Resource, string>> = Object.freeze({
  users: '_id',
  roles: '_id',
  bookings: 'user_id',
  services: 'createdBy',
  employees: 'userId',
  leads: 'assignedTo',
})

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

export const ROLE_NAMES = ['dev', 'srdev', 'senior admin', 'admin', 'HR', 'bdm', 'user'] as const

const ALL: Action[] = [...ACTIONS]
const ALL_BUT_DESTROY: Action[] = ACTIONS.filter((action) => action !== 'destroy')

function grant(resource: Resource, actions: Action[], extra: Partial<RoleGrant> = {}): RoleGrant {
  return { resource, actions, scope: 'all', maskedFields: [], readonlyFields: [], ...extra }
}

/**
 * The matrix of issue 3. `users` for role `user` is "own via me": self-service (/auth/me) is open to every signed-in
 * user and is not a grant, so no role needs one for it.
 */
export const DEFAULT_ROLES: ReadonlyArray<{ name: string; description: string; grants: RoleGrant[] }> = [
  {
    name: 'srdev',
    description: 'Senior developer: everything, including the roles matrix',
    grants: [
      grant('users', ALL),
      grant('roles', ALL),
      grant('bookings', ALL),
      grant('services', ALL),
      grant('employees', ALL),
      grant('leads', ALL),
    ],
  },
  {
    name: 'dev',
    description: 'Developer: manages users and services, works on bookings',
    grants: [
      grant('users', ALL_BUT_DESTROY),
      grant('roles', ['read']),
      grant('bookings', ['read', 'create', 'update', 'trash', 'export', 'history']),
      grant('services', ALL_BUT_DESTROY),
      grant('employees', ['read']),
      grant('leads', ALL_BUT_DESTROY),
    ],
  },
  {
    name: 'senior admin',
    description: 'Senior administrator: runs bookings and services, reads people',
    grants: [
      grant('users', ['read']),
      grant('roles', ['read']),
      grant('bookings', ALL_BUT_DESTROY),
      grant('services', ALL_BUT_DESTROY),
      grant('employees', ['read', 'export'], { maskedFields: [...EMPLOYEE_SENSITIVE_FIELDS] }),
      grant('leads', ALL_BUT_DESTROY),
    ],
  },
  {
    name: 'admin',
    description: 'Administrator: edits bookings except their services',
    grants: [
      grant('bookings', ['read', 'create', 'update', 'export', 'history'], { readonlyFields: ['services'] }),
      grant('services', ['read']),
      grant('leads', ['read', 'create', 'update', 'trash', 'export', 'history']),
    ],
  },
  {
    name: 'HR',
    description: 'Human resources: employee profiles',
    grants: [grant('users', ['read']), grant('services', ['read']), grant('employees', ALL_BUT_DESTROY)],
  },
  {
    name: 'bdm',
    description: 'Business development manager: owns the bookings they sell',
    grants: [
      grant('bookings', ['read', 'create'], { scope: 'own' }),
      grant('services', ['read']),
      // A bdm works the leads assigned to them; who gets a lead is decided above them.
      grant('leads', ['read', 'create', 'update', 'history'], { scope: 'own', readonlyFields: ['assignedTo'] }),
    ],
  },
  {
    name: 'user',
    description: 'Staff member: reads services, keeps their own employee profile',
    grants: [grant('services', ['read']), grant('employees', ['read', 'create'], { scope: 'own' })],
  },
]

/**
 * What an authenticated inbound source may do (policy.ts: webhooks get nothing unless listed here). The public lead
 * form and the inbound-email hook only create leads (and record the attachments and bookkeeping of what they created).
 */
export const WEBHOOK_GRANTS: Readonly<Record<string, readonly RoleGrant[]>> = Object.freeze({
  'lead-form': [grant('leads', ['create'])],
  'inbound-email': [grant('leads', ['create'])],
})
