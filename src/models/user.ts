import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose'

/** Seed 1's user fields (`name`, `email`, `password`, `user_role`, `isActive`) plus what safe auth needs. */
export interface User {
  name: string
  /** Stored lower-cased; unique. */
  email: string
  /** bcrypt hash; never selected unless asked for, never serialised. */
  password: string
  /** The name of a role in the roles collection. */
  user_role: string
  /** False once deactivated: the account can no longer sign in and its tokens stop working. */
  isActive: boolean
  /** Bumped by logout, password change and deactivation; tokens carry it as `tv` and must match. */
  tokenVersion: number
  /** Also send each notification by email (queued in the outbox); off unless the user or a user admin turns it on. */
  notifyByEmail: boolean
  /** sha256 of the single-use reset token (the token itself is only ever in the email). */
  resetPasswordToken?: string | null
  resetPasswordExpires?: Date | null
  createdAt: Date
  updatedAt: Date
}

export type UserDocument = HydratedDocument<User>
export type UserModel = Model<User>

/** Fields that never leave the server, whatever the route. */
export const USER_SECRET_FIELDS = ['password', 'resetPasswordToken', 'resetPasswordExpires', 'tokenVersion'] as const

function hideSecrets(_doc: unknown, ret: Record<string, unknown>): Record<string, unknown> {
  for (const field of USER_SECRET_FIELDS) Reflect.deleteProperty(ret, field)
  Reflect.deleteProperty(ret, '__v')
  return ret
}

export const userSchema = new Schema<User>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: 254, unique: true },
    password: { type: String, required: true, select: false },
    user_role: { type: String, required: true, trim: true },
    isActive: { type: Boolean, default: true },
    tokenVersion: { type: Number, default: 0, select: false },
    notifyByEmail: { type: Boolean, default: false },
    resetPasswordToken: { type: String, default: null, select: false, index: true },
    resetPasswordExpires: { type: Date, default: null, select: false },
  },
  {
    timestamps: true,
    collection: 'users',
    toJSON: { transform: hideSecrets },
    toObject: { transform: hideSecrets },
  },
)

export function userModel(connection: Connection): UserModel {
  return (connection.models.User as UserModel | undefined) ?? connection.model<User>('User', userSchema)
}
