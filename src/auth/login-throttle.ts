import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../config.js'
import { RateLimitedError } from '../errors.js'
import type { LoginFailureModel } from '../models/login-failure.js'

/** The longest a single attempt is held back, in milliseconds. */
const MAX_DELAY_MS = 10_000

/**
 * Failed-login counters, kept in MongoDB so a restart (or a second instance) does not reset them:
 * - per email and client IP (the pair): refused with 429 past `maxFailuresPerEmail`, so one guesser is stopped;
 * - per client IP: refused past `maxFailuresPerIp`, so one guesser cannot spray many accounts;
 * - per email from any IP: never refused (that let anyone lock a named colleague out), only slowed down: each attempt
 *   past `maxFailuresPerEmail` waits `slowdownMs` more, up to 10 s, which makes distributed guessing slow.
 * Only failures count; a success clears the email's counter and its pair with that IP.
 */
export class LoginThrottle {
  constructor(
    private readonly failures: LoginFailureModel,
    private readonly limits: Config['loginThrottle'],
  ) {}

  /** Throws 429 RATE_LIMITED when the pair or the IP is exhausted; otherwise waits out the email's slow-down. */
  async check(email: string, ip: string): Promise<void> {
    const now = new Date()
    const refusing = [
      { key: pairKey(email, ip), max: this.limits.maxFailuresPerEmail },
      { key: ipKey(ip), max: this.limits.maxFailuresPerIp },
    ]
    const keys = [...refusing.map((k) => k.key), emailKey(email)]
    const counters = await this.failures.find({ _id: { $in: keys }, resetAt: { $gt: now } }).lean()
    for (const { key, max } of refusing) {
      const counter = counters.find((c) => c._id === key)
      if (counter && counter.count >= max) {
        const retryAfter = Math.max(1, Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000))
        throw new RateLimitedError('Too many failed login attempts, try again later', retryAfter)
      }
    }
    const perEmail = counters.find((c) => c._id === emailKey(email))?.count ?? 0
    const over = perEmail - this.limits.maxFailuresPerEmail + 1
    if (over > 0) await sleep(Math.min(MAX_DELAY_MS, over * this.limits.slowdownMs))
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.increment(pairKey(email, ip)), this.increment(emailKey(email)), this.increment(ipKey(ip))])
  }

  /** Clears the email's counter and this IP's pair (pairs from other IPs run out with their window). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.failures.deleteMany({ _id: { $in: [emailKey(email), pairKey(email, ip)] } })
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

function normalised(email: string): string {
  return email.trim().toLowerCase()
}

function emailKey(email: string): string {
  return `email:${normalised(email)}`
}

function pairKey(email: string, ip: string): string {
  return `pair:${normalised(email)}|${ip}`
}

function ipKey(ip: string): string {
  return `ip:${ip}`
}
