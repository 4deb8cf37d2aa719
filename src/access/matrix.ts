import { z } from 'zod'

// The vocabulary of the access policy and the default matrix seeded into the roles collection.

export const RESOURCES = [
  'users',
  'roles',
  'bookings',
  'services',
  'employees',
  'departments',
  'branches',
  'designations',
  'job-runs',
  'payment-links',
  'payment-qrs',
  'webhook-inbox',
  'invoices',
  'leads',
] as const
export type Resource = (typeof RESOURCES)[number]

/** `run`: operate background jobs (run now, requeue, pause, delete in /admin/jobs); only `job-runs` uses it. */
export const ACTIONS = ['read', 'create', 'update', 'trash', 'restore', 'destroy', 'export', 'history', 'run'] as const
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
  'job-runs': '_id',
  departments: 'createdBy',
  branches: 'createdBy',
  designations: 'createdBy',
  'payment-links': 'user_id',
  'payment-qrs': 'user_id',
  'webhook-inbox': '_id',
  invoices: 'user_id',
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

// `run` only means something on job-runs, so the record resources' "all" leaves it out.
const ALL: Action[] = ACTIONS.filter((action) => action !== 'run')
const ALL_BUT_DESTROY: Action[] = ALL.filter((action) => action !== 'destroy')
/** Job history and operation: read the runs, operate the jobs (Agendash writes). */
const JOBS_READ_RUN: Action[] = ['read', 'run']
/** HR's lists (departments, branches, designations); everyone reads them (readableByAnyUser). */
const HR_LISTS = ['departments', 'branches', 'designations'] as const

/**
 * Every member of staff keeps their own employee profile: create it while none exists (one per user), read it,
 * correct it while it is pending review or rejected (the workflow's `ownerEditableIn`), read its history.
 */
function ownProfile(extra: Partial<RoleGrant> = {}): RoleGrant {
  return grant('employees', ['read', 'create', 'update', 'history'], { scope: 'own', ...extra })
}

function grant(resource: Resource, actions: Action[], extra: Partial<RoleGrant> = {}): RoleGrant {
  return { resource, actions, scope: 'all', maskedFields: [], readonlyFields: [], ...extra }
}

const MONEY_RESOURCES = ['payment-links', 'payment-qrs', 'invoices'] as const

/**
 * Money (issue 11). `update` on payments covers the privileged status change (a transition with a reason); their
 * provider-bound fields never change after creation. The webhook inbox is read and replayed (`update`) by operators.
 */
const MONEY_GRANTS = {
  full: [...MONEY_RESOURCES.map((resource) => grant(resource, ALL)), grant('webhook-inbox', ['read', 'update'])],
  operate: [
    ...MONEY_RESOURCES.map((resource) => grant(resource, ['read', 'create', 'update', 'export', 'history'])),
    // Proformas may be withdrawn; issued tax invoices are frozen (the engine refuses to trash them).
    grant('invoices', ['trash', 'restore']),
    grant('webhook-inbox', ['read', 'update']),
  ],
  sell: MONEY_RESOURCES.map((resource) => grant(resource, ['read', 'create', 'history'])),
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
      grant('job-runs', JOBS_READ_RUN),
      ...HR_LISTS.map((resource) => grant(resource, ALL)),
      ...MONEY_GRANTS.full,
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
      // Developers read every profile; one of their own is kept by HR (matrix of issue 3: no employee writes).
      grant('employees', ['read']),
      grant('job-runs', JOBS_READ_RUN),
      ...MONEY_GRANTS.operate,
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
      grant('job-runs', ['read']),
      // Masked like the grant above: a field is shown only when no read grant masks it (policy.maskedFields).
      ownProfile({ maskedFields: [...EMPLOYEE_SENSITIVE_FIELDS] }),
      ...MONEY_GRANTS.operate,
      grant('leads', ALL_BUT_DESTROY),
    ],
  },
  {
    name: 'admin',
    description: 'Administrator: edits bookings except their services',
    grants: [
      grant('bookings', ['read', 'create', 'update', 'export', 'history'], { readonlyFields: ['services'] }),
      grant('services', ['read']),
      ownProfile(),
      ...MONEY_GRANTS.sell,
      grant('leads', ['read', 'create', 'update', 'trash', 'export', 'history']),
    ],
  },
  {
    name: 'HR',
    description: 'Human resources: employee profiles',
    grants: [
      grant('users', ['read']),
      grant('services', ['read']),
      grant('employees', ALL_BUT_DESTROY),
      ...HR_LISTS.map((resource) => grant(resource, ALL_BUT_DESTROY)),
    ],
  },
  {
    name: 'bdm',
    description: 'Business development manager: owns the bookings they sell',
    grants: [
      grant('bookings', ['read', 'create'], { scope: 'own' }),
      grant('services', ['read']),
      ownProfile(),
      ...MONEY_GRANTS.sell.map((line) => ({ ...line, scope: 'own' as const })),
      // A bdm works the leads assigned to them; who gets a lead is decided above them.
      grant('leads', ['read', 'create', 'update', 'history'], { scope: 'own', readonlyFields: ['assignedTo'] }),
    ],
  },
  {
    name: 'user',
    description: 'Staff member: reads services, keeps their own employee profile',
    grants: [grant('services', ['read']), ownProfile()],
  },
]

/**
 * What an authenticated inbound source may do (policy.ts: webhooks get nothing unless listed here). Razorpay,
 * authenticated by its signature, moves payments and records receipts on the booking a payment belongs to. The
 * public lead form and the inbound-email hook only create leads (and record the attachments and bookkeeping of what
 * they created).
 */
export const WEBHOOK_GRANTS: Readonly<Record<string, readonly RoleGrant[]>> = Object.freeze({
  razorpay: [
    grant('payment-links', ['read', 'update']),
    grant('payment-qrs', ['read', 'update']),
    grant('bookings', ['read', 'update']),
  ],
  'lead-form': [grant('leads', ['create'])],
  'inbound-email': [grant('leads', ['create'])],
})
