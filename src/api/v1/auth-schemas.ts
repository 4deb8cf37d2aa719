import { z } from 'zod'
import { Email, LoginPassword, Name, Password, UserOut } from '../users/schemas.js'

export const LoginBody = z.strictObject({
  email: Email,
  // A login compares, it does not enforce the password policy: old passwords may be shorter.
  password: LoginPassword,
})

export const LoginOut = z.object({ token: z.string(), user: UserOut })

/** What a user changes about themselves: at least one field. */
export const MeUpdate = z
  .strictObject({
    name: Name.optional(),
    notifyByEmail: z.boolean().optional().meta({ description: 'Also send each notification by email' }),
  })
  .refine((value) => value.name !== undefined || value.notifyByEmail !== undefined, 'at least one field is required')

export const PasswordChange = z.strictObject({
  currentPassword: LoginPassword,
  newPassword: Password,
})

export const TokenOut = z.object({ token: z.string() })

export const ResetRequest = z.strictObject({ email: Email })

export const ResetConfirm = z.strictObject({
  token: z.string().regex(/^[0-9a-f]{64}$/, 'is invalid or expired'),
  password: Password,
})

export const MessageOut = z.object({ message: z.string() })
