import { z } from 'zod'
import { CATALOGUE, type CatalogueResource } from '../models/catalogue.js'
import type { ResourceDefinition } from '../models/define-resource.js'
import {
  ACTIONS,
  ALL_ACTIONS,
  ALL_BUT_DESTROY,
  grantLines,
  SCOPES,
  type Action,
  type GrantSpec,
  type RoleName,
} from './vocabulary.js'

export { ACTIONS, ROLE_NAMES, SCOPES, type Action, type RoleName, type Scope } from './vocabulary.js'

// The vocabulary of the access policy and the default matrix seeded into the roles collection. Declared resources
// bring their own owner field and default grants (`access` in their declaration); this file adds the few resources
// that are not declared records (users, roles, job runs, the webhook inbox) and derives the rest.

/** Resources that are plain models or views, not declared records. */
const PLAIN_RESOURCES = ['users', 'roles', 'job-runs', 'webhook-inbox'] as const
type PlainResource = (typeof PLAIN_RESOURCES)[number]

export type Resource = PlainResource | CatalogueResource

const DECLARED: readonly ResourceDefinition[] = Object.values(CATALOGUE)

export const RESOURCES: readonly Resource[] = [
  ...PLAIN_RESOURCES,
  ...DECLARED.map((def) => def.resource as CatalogueResource),
]

/** Is this string one of the policy's resources? */
export function isResource(name: string): name is Resource {
  return (RESOURCES as readonly string[]).includes(name)
}

/** One line of a role's permissions: these actions on this resource, on these records, with these field limits. */
export const RoleGrantSchema = z.strictObject({
  resource: z.enum(RESOURCES as [Resource, ...Resource[]]),
  actions: z.array(z.enum(ACTIONS)).min(1),
  scope: z.enum(SCOPES).default('all'),
  /** Fields shown masked (lists, details, exports, audit views). */
  maskedFields: z.array(z.string().regex(/^[A-Za-z_][\w.]*$/)).default([]),
  /** Fields this role may not change even where it may update the record. */
  readonlyFields: z.array(z.string().regex(/^[A-Za-z_][\w.]*$/)).default([]),
})
export type RoleGrant = z.infer<typeof RoleGrantSchema>

/** Who owns a record, for the `own` scope. */
export const OWNER_FIELD: Readonly<Record<Resource, string>> = Object.freeze({
  users: '_id',
  roles: '_id',
  'job-runs': '_id',
  'webhook-inbox': '_id',
  ...Object.fromEntries(DECLARED.map((def) => [def.resource, def.access.owner])),
} as Record<Resource, string>)

function grant(resource: Resource, spec: GrantSpec): RoleGrant {
  return {
    resource,
    actions: [...spec.actions],
    scope: spec.scope ?? 'all',
    maskedFields: [...(spec.maskedFields ?? [])],
    readonlyFields: [...(spec.readonlyFields ?? [])],
  }
}

/** Job history and operation: read the runs, operate the jobs (Agendash writes). */
const JOBS_READ_RUN: Action[] = ['read', 'run']

/**
 * The plain resources' defaults. `users` for role `user` is "own via me": self-service (/auth/me) is open to every
 * signed-in user and is not a grant. The webhook inbox is read and replayed (`update`) by money operators.
 */
const PLAIN_DEFAULTS: Readonly<Record<RoleName, Readonly<Partial<Record<PlainResource, readonly Action[]>>>>> = {
  srdev: { users: ALL_ACTIONS, roles: ALL_ACTIONS, 'job-runs': JOBS_READ_RUN, 'webhook-inbox': ['read', 'update'] },
  dev: { users: ALL_BUT_DESTROY, roles: ['read'], 'job-runs': JOBS_READ_RUN, 'webhook-inbox': ['read', 'update'] },
  'senior admin': { users: ['read'], roles: ['read'], 'job-runs': ['read'], 'webhook-inbox': ['read', 'update'] },
  admin: {},
  HR: { users: ['read'] },
  bdm: {},
  user: {},
}

const ROLE_DESCRIPTIONS: Readonly<Record<RoleName, string>> = {
  srdev: 'Senior developer: everything, including the roles matrix',
  dev: 'Developer: manages users and services, works on bookings',
  'senior admin': 'Senior administrator: runs bookings and services, reads people',
  admin: 'Administrator: edits bookings except their services',
  HR: 'Human resources: employee profiles',
  bdm: 'Business development manager: owns the bookings they sell',
  user: 'Staff member: reads services, keeps their own employee profile',
}

function defaultGrants(role: RoleName): RoleGrant[] {
  const plain = Object.entries(PLAIN_DEFAULTS[role]).map(([resource, actions]) =>
    grant(resource as PlainResource, { actions }),
  )
  const declared = DECLARED.flatMap((def) => {
    const declaredGrant = def.access.defaults[role]
    if (!declaredGrant) return []
    return grantLines(declaredGrant).map((spec) => grant(def.resource as CatalogueResource, spec))
  })
  return [...plain, ...declared]
}

/** The matrix seeded into an empty roles collection (src/access/seed-roles.ts). */
export const DEFAULT_ROLES: ReadonlyArray<{ name: RoleName; description: string; grants: RoleGrant[] }> = (
  ['srdev', 'dev', 'senior admin', 'admin', 'HR', 'bdm', 'user'] as const
).map((name) => ({ name, description: ROLE_DESCRIPTIONS[name], grants: defaultGrants(name) }))

/**
 * What an authenticated inbound source may do (policy.ts: webhooks get nothing unless listed), from the resources'
 * `access.webhooks`: Razorpay, authenticated by its signature, moves payments and records receipts on bookings; the
 * public lead form and the inbound-email hook only create leads.
 */
export const WEBHOOK_GRANTS: Readonly<Record<string, readonly RoleGrant[]>> = Object.freeze(
  DECLARED.reduce<Record<string, RoleGrant[]>>((sources, def) => {
    for (const [source, actions] of Object.entries(def.access.webhooks ?? {})) {
      ;(sources[source] ??= []).push(grant(def.resource, { actions }))
    }
    return sources
  }, {}),
)
