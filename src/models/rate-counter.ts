import { Schema, type Connection, type Model } from 'mongoose'

/** One client's request counter for a rate limit (api/rate-limit-store.ts). */
export interface RateCounter {
  _id: string
  hits: number
  /** The window ends here; the TTL index removes stale counters, correctness never depends on it. */
  resetAt: Date
}

const rateCounterSchema = new Schema<RateCounter>(
  {
    _id: { type: String, required: true },
    hits: { type: Number, required: true },
    resetAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { collection: 'rate_limits', versionKey: false },
)

export function rateCounterModel(connection: Connection): Model<RateCounter> {
  return (
    (connection.models.RateCounter as Model<RateCounter> | undefined) ??
    connection.model<RateCounter>('RateCounter', rateCounterSchema)
  )
}
