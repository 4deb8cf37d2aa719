import { z } from 'zod'
import { PASSWORD_MAX_BYTES } from '../../auth/passwords.js'
import { hasControlCharacters, requiredText, text } from '../../models/fields/text.js'
import { PageQuery } from '../params.js'

export const Email = text(254)
  .pipe(
    z
      .string()
      .toLowerCase()
      .pipe(z.email({ message: 'must be a valid email address' })),
  )
  .meta({ format: 'email', example: 'asha@example.com' })

export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  // bcrypt stops at a NUL byte, so everything after one would not count.
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters')
  .refine((value) => Buffer.byteLength(value) <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`)

/** A password being compared, not set: old passwords may be shorter than the policy, none holds a control character. */
export const LoginPassword = z
  .string()
  .min(1, 'is required')
  .max(200)
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters')

export const Name = requiredText(200)
export const RoleName = requiredText(50).meta({ example: 'bdm' })

export const UserCreate = z.strictObject({
  name: Name,
  email: Email,
  password: Password,
  user_role: RoleName.default('user'),
  isActive: z.boolean().default(true),
  notifyByEmail: z.boolean().default(false).meta({ description: 'Also send each notification by email' }),
})
export type UserCreate = z.infer<typeof UserCreate>

export const UserUpdate = z
  .strictObject({
    name: Name.optional(),
    email: Email.optional(),
    password: Password.optional(),
    user_role: RoleName.optional(),
    isActive: z.boolean().optional(),
    notifyByEmail: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'at least one field is required')
export type UserUpdate = z.infer<typeof UserUpdate>

export const UserListQuery = PageQuery.extend({
  q: text(100).optional().meta({ description: 'Matches name or email (literal text)' }),
  isActive: z.enum(['true', 'false']).optional(),
})

/** What clients see of a user; hashes and tokens never appear. */
export const UserOut = z.object({
  _id: z.string(),
  name: z.string(),
  email: z.string(),
  user_role: z.string(),
  isActive: z.boolean(),
  notifyByEmail: z.boolean(),
  createdAt: z.string().meta({ format: 'date-time' }),
  updatedAt: z.string().meta({ format: 'date-time' }),
})
