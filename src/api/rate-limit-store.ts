import type { Request, RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit'
import type { Connection, Model } from 'mongoose'
import { RateLimitedError } from '../errors.js'
import { rateCounterModel, type RateCounter } from '../models/rate-counter.js'

// express-rate-limit counters kept in MongoDB, so a restart or a second instance does not hand a flood a fresh quota.

export class MongoRateLimitStore implements Store {
  private windowMs = 60_000
  readonly localKeys = false

  constructor(
    private readonly counters: Model<RateCounter>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const _id = `${this.prefix}:${key}`
    const now = new Date()
    const live = await this.counters
      .findOneAndUpdate({ _id, resetAt: { $gt: now } }, { $inc: { hits: 1 } }, { returnDocument: 'after' })
      .lean()
    if (live) return { totalHits: live.hits, resetTime: live.resetAt }
    // No live window: start one. Two racing first hits may both land here; losing one count is harmless.
    const resetAt = new Date(now.getTime() + this.windowMs)
    await this.counters.updateOne({ _id }, { $set: { hits: 1, resetAt } }, { upsert: true })
    return { totalHits: 1, resetTime: resetAt }
  }

  async decrement(key: string): Promise<void> {
    await this.counters.updateOne({ _id: `${this.prefix}:${key}`, hits: { $gt: 0 } }, { $inc: { hits: -1 } })
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.deleteOne({ _id: `${this.prefix}:${key}` })
  }
}

export interface IpLimit {
  /** Counter namespace (`lead-intake`). */
  readonly name: string
  readonly max: number
  readonly windowMs: number
}

/** Per-client-IP limit answering 429 RATE_LIMITED (with Retry-After) through the door's own error handler. */
export function ipRateLimit(connection: Connection, limit: IpLimit): RequestHandler {
  return rateLimit({
    windowMs: limit.windowMs,
    limit: limit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new MongoRateLimitStore(rateCounterModel(connection), limit.name),
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (req, _res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60
      next(new RateLimitedError('Too many submissions from this address, try again later', seconds))
    },
  })
}
