import { z } from 'zod'
import { RoleGrantSchema } from '../../access/matrix.js'
import { multilineText } from '../../models/fields/text.js'

export const RoleCreate = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(50)
    .regex(/^[A-Za-z][\w -]*$/, 'may contain letters, digits, spaces, - and _'),
  description: multilineText(500).default(''),
  grants: z.array(RoleGrantSchema).max(50).default([]),
})
export type RoleCreate = z.infer<typeof RoleCreate>

/** A role's name is what users refer to, so it cannot change; create a new role instead. */
export const RoleUpdate = z
  .strictObject({
    description: multilineText(500).optional(),
    grants: z.array(RoleGrantSchema).max(50).optional(),
  })
  .refine((value) => value.description !== undefined || value.grants !== undefined, 'at least one field is required')
export type RoleUpdate = z.infer<typeof RoleUpdate>

export const RoleOut = z.object({
  _id: z.string(),
  name: z.string(),
  description: z.string(),
  grants: z.array(RoleGrantSchema),
  createdAt: z.string().meta({ format: 'date-time' }),
  updatedAt: z.string().meta({ format: 'date-time' }),
})
