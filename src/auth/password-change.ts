import type { AppContext } from '../app-context.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { signToken } from './tokens.js'

/**
 * Changes the caller's own password after checking the current one. Every earlier token stops working; the
 * returned token keeps this session signed in.
 */
export async function changeOwnPassword(
  context: AppContext,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<string> {
  const { models, config, principals, logger } = context
  const user = await models.users.findById(userId).select('+password +tokenVersion')
  if (!user) throw new NotFoundError('User not found')
  if (!(await verifyPassword(currentPassword, user.password, config.bcryptCost))) {
    throw new ValidationError('The current password is wrong', [{ path: 'currentPassword', message: 'is wrong' }])
  }
  user.password = await hashPassword(newPassword, config.bcryptCost)
  user.tokenVersion += 1
  await user.save()
  principals.invalidate(userId)
  logger.info('password changed', { userId })
  return signToken(config, { userId, user_role: user.user_role, tv: user.tokenVersion })
}
