import type { Config } from '../config.js'
import { RateLimitedError } from '../errors.js'
import type { LoginFailureModel } from '../models/login-failure.js'

/**
 * Failed-login counters per email and per client IP, kept in MongoDB so a restart (or a second instance) does not
 * reset them. Only failures count; a success clears the email's counter.
 */
export class LoginThrottle {
  constructor(
    private readonly failures: LoginFailureModel,
    private readonly limits: Config['loginThrottle'],
  ) {}

  /** Throws 429 RATE_LIMITED when either counter is exhausted. */
  async check(email: string, ip: string): Promise<void> {
    const now = new Date()
    const keys = [
      { key: emailKey(email), max: this.limits.maxFailuresPerEmail },
      { key: ipKey(ip), max: this.limits.maxFailuresPerIp },
    ]
    const counters = await this.failures.find({ _id: { $in: keys.map((k) => k.key) }, resetAt: { $gt: now } }).lean()
    for (const { key, max } of keys) {
      const counter = counters.find((c) => c._id === key)
      if (counter && counter.count >= max) {
        const retryAfter = Math.max(1, Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000))
        throw new RateLimitedError('Too many failed login attempts, try again later', retryAfter)
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.increment(emailKey(email)), this.increment(ipKey(ip))])
  }

  async recordSuccess(email: string): Promise<void> {
    await this.failures.deleteOne({ _id: emailKey(email) })
  }

  private async increment(key: string): Promise<void> {
    const now = new Date()
    const bumped = await this.failures.updateOne({ _id: key, resetAt: { $gt: now } }, { $inc: { count: 1 } })
    if (bumped.matchedCount > 0) return
    // No live window: start one. Two racing first failures may both land here; losing one count is harmless.
    const resetAt = new Date(now.getTime() + this.limits.windowMs)
    await this.failures.updateOne({ _id: key }, { $set: { count: 1, resetAt } }, { upsert: true })
  }
}

function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`
}

function ipKey(ip: string): string {
  return `ip:${ip}`
}
