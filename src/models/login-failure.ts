import { Schema, type Connection, type Model } from 'mongoose'

/** A counter of failed logins for one key (`email:<address>` or `ip:<address>`) within a window. */
export interface LoginFailure {
  _id: string
  count: number
  /** The window ends here; afterwards the counter starts again from zero. */
  resetAt: Date
}

export type LoginFailureModel = Model<LoginFailure>

export const loginFailureSchema = new Schema<LoginFailure>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
    // The TTL index lets MongoDB drop stale counters; correctness never depends on it (resetAt is always checked).
    resetAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { collection: 'login_failures', versionKey: false },
)

export function loginFailureModel(connection: Connection): LoginFailureModel {
  return (
    (connection.models.LoginFailure as LoginFailureModel | undefined) ??
    connection.model<LoginFailure>('LoginFailure', loginFailureSchema)
  )
}
