import { z } from 'zod'

// Seed 2's permissions JSON. Names are checked against the roles collection and the modules after parsing, so an
// unknown one is a 400 naming its path rather than a silently ignored key.

const Name = z.string().min(1).max(100)

export const Flags = z.strictObject({
  create: z.boolean(),
  view: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
})

/** A PUT may leave out roles, modules, entities and flags: what is left out stays as it is. */
export const PermissionsUpdate = z.record(Name, z.record(Name, z.record(Name, Flags.partial())))
export type PermissionsUpdate = z.infer<typeof PermissionsUpdate>

export const RolePermissionsOut = z.record(z.string(), z.record(z.string(), Flags))
export const PermissionsOut = z.record(z.string(), RolePermissionsOut)

export const RoleNameParams = z.object({ role: Name })
