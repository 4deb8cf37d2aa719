import {
  ALL_ACTIONS,
  ALL_BUT_DESTROY,
  grantLines,
  type Action,
  type DefaultGrant,
  type GrantSpec,
  type RoleName,
} from '../../access/vocabulary.js'

// The default grants the people resources share. HR keeps HR data (everything but permanent deletion, which stays
// with srdev); senior admins look over it; staff keep their own records where a person has records of their own.
// Developers get no self-service here, as on employee profiles (issue 3's matrix): HR keeps their records.

type Defaults = Partial<Record<RoleName, DefaultGrant>>

/** The staff roles that keep records of their own (attendance, leaves, messages...). */
export const STAFF: readonly RoleName[] = ['senior admin', 'admin', 'HR', 'bdm', 'user']

/** HR manages, srdev holds everything, senior admins read and export (with these fields masked). */
export function hrManaged(maskedFields: readonly string[] = []): Defaults {
  return {
    srdev: ALL_ACTIONS,
    HR: ALL_BUT_DESTROY,
    'senior admin': { actions: ['read', 'export', 'history'], maskedFields },
  }
}

/** The same own-scoped line for each of the given roles. */
export function ownFor(roles: readonly RoleName[], spec: Omit<GrantSpec, 'scope'>): Defaults {
  return Object.fromEntries(roles.map((role) => [role, { ...spec, scope: 'own' }]))
}

/** Several default tables merged: a role named in more than one keeps every line (the widest scope wins). */
export function combined(...tables: readonly Defaults[]): Defaults {
  const lines = new Map<RoleName, GrantSpec[]>()
  for (const table of tables) {
    for (const [role, grant] of Object.entries(table) as Array<[RoleName, DefaultGrant]>) {
      lines.set(role, [...(lines.get(role) ?? []), ...grantLines(grant)])
    }
  }
  return Object.fromEntries(lines)
}

/** Actions for records a person keeps: read, create, correct, history. */
export const KEEP_OWN: readonly Action[] = ['read', 'create', 'update', 'history']
