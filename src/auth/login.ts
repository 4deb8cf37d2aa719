import type { AppContext } from '../app-context.js'
import { UnauthenticatedError } from '../errors.js'
import type { User } from '../models/user.js'
import { hashPassword, needsRehash, verifyPassword } from './passwords.js'
import { signToken } from './tokens.js'

export interface LoginResult {
  token: string
  /** The user as clients may see it: no hash, no reset token, no token version. */
  user: Omit<User, 'password' | 'resetPasswordToken' | 'resetPasswordExpires' | 'tokenVersion'> & { _id: string }
}

/** The one message for every failed login, so the answer does not tell which emails exist. */
export const LOGIN_FAILED = 'Invalid email or password.'

/** Email is matched case-insensitively (stored lower-cased); failures are counted per email and per IP. */
export async function login(context: AppContext, email: string, password: string, ip: string): Promise<LoginResult> {
  const { throttle, models, config, logger, principals } = context
  await throttle.check(email, ip)
  const user = await models.users.findOne({ email: email.trim().toLowerCase() }).select('+password +tokenVersion')
  const matches = await verifyPassword(password, user?.password, config.bcryptCost)
  if (!user || !matches || !user.isActive) {
    await throttle.recordFailure(email, ip)
    logger.info('login failed', { reason: !user ? 'unknown email' : matches ? 'inactive' : 'wrong password' })
    throw new UnauthenticatedError(LOGIN_FAILED)
  }
  await throttle.recordSuccess(email, ip)
  if (needsRehash(user.password, config.bcryptCost)) {
    user.password = await hashPassword(password, config.bcryptCost)
    await user.save()
    logger.info('password hash upgraded', { userId: String(user._id), cost: config.bcryptCost })
  }
  principals.invalidate(String(user._id))
  const token = signToken(config, { userId: String(user._id), user_role: user.user_role, tv: user.tokenVersion })
  logger.info('login succeeded', { userId: String(user._id) })
  return { token, user: user.toJSON() as unknown as LoginResult['user'] }
}

/** Bumps the token version, so every token issued before now stops working. */
export async function revokeTokens(context: AppContext, userId: string): Promise<number> {
  const updated = await context.models.users
    .findByIdAndUpdate(userId, { $inc: { tokenVersion: 1 } }, { returnDocument: 'after' })
    .select('+tokenVersion')
    .lean()
  context.principals.invalidate(userId)
  return updated?.tokenVersion ?? 0
}
