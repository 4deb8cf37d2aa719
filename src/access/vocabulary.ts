// The words of the access policy that resource declarations use. Kept apart from matrix.ts, which derives the
// resource list, owner fields and default grants from the declarations, so declarations never import the matrix.

/** `run`: operate background jobs (run now, requeue, pause, delete in /admin/jobs); only `job-runs` uses it. */
export const ACTIONS = ['read', 'create', 'update', 'trash', 'restore', 'destroy', 'export', 'history', 'run'] as const
export type Action = (typeof ACTIONS)[number]

export const SCOPES = ['all', 'own'] as const
export type Scope = (typeof SCOPES)[number]

export const ROLE_NAMES = ['dev', 'srdev', 'senior admin', 'admin', 'HR', 'bdm', 'user'] as const
export type RoleName = (typeof ROLE_NAMES)[number]

/** Every record action (`run` only means something on job-runs, so it is left out). */
export const ALL_ACTIONS: readonly Action[] = ACTIONS.filter((action) => action !== 'run')
export const ALL_BUT_DESTROY: readonly Action[] = ALL_ACTIONS.filter((action) => action !== 'destroy')

/** One default grant line as a declaration writes it; scope `all` and no field limits unless said. */
export interface GrantSpec {
  readonly actions: readonly Action[]
  readonly scope?: Scope
  /** Fields shown masked to this role. */
  readonly maskedFields?: readonly string[]
  /** Fields this role may not change where it may update the record. */
  readonly readonlyFields?: readonly string[]
}

/** A role's default lines on one resource: a list of actions (scope `all`), one line, or several lines. */
export type DefaultGrant = readonly Action[] | GrantSpec | readonly GrantSpec[]

/**
 * Who may do what on a resource, declared with the resource and seeded into the roles collection (matrix.ts). After
 * seeding the roles are data: srdev edits them at /api/v1/roles.
 */
export interface ResourceAccess {
  /** The field naming the owning user, for the `own` scope (`_id` where the record is its own owner). */
  readonly owner: string
  /**
   * A reference field whose record's owner this record inherits: on every write the engine copies the referenced
   * record's owner into `owner` (a deal belongs to whoever owns its client), so the `own` scope works through it.
   */
  readonly ownerFrom?: string
  /**
   * The reporting manager of the employee a record names (the profile's `managerUser`) may take these actions on it,
   * whatever their role's grants: a manager reads their reports' leaves. Workflow transitions opt in on their own
   * (`byManager`). `employee` is the record's reference field to the employee profile.
   */
  readonly reportingManager?: { readonly employee: string; readonly actions: readonly Action[] }
  /**
   * A list field of department names the record is addressed to, empty for everyone: a reader whose read scope is
   * not `all` sees only the records for everyone and those naming their own department (relations.ts).
   */
  readonly audience?: string
  /** Default grants per role; roles not named get nothing. */
  readonly defaults: Readonly<Partial<Record<RoleName, DefaultGrant>>>
  /** What an authenticated inbound source (razorpay, lead-form, inbound-email) may do; nothing unless listed. */
  readonly webhooks?: Readonly<Record<string, readonly Action[]>>
}

/** Normalises a declared default into grant lines. */
export function grantLines(grant: DefaultGrant): GrantSpec[] {
  if (isActionList(grant)) return [{ actions: grant }]
  if (isSpecList(grant)) return [...grant]
  return [grant]
}

function isActionList(grant: DefaultGrant): grant is readonly Action[] {
  return Array.isArray(grant) && grant.every((item) => typeof item === 'string')
}

function isSpecList(grant: DefaultGrant): grant is readonly GrantSpec[] {
  return Array.isArray(grant)
}
