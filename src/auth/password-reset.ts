import { createHash, randomBytes } from 'node:crypto'
import type { AppContext } from '../app-context.js'
import { ValidationError } from '../errors.js'
import { hashPassword } from './passwords.js'

/** A reset link works for one hour, once. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function resetEmail(link: string): { subject: string; text: string; html: string } {
  return {
    subject: 'Reset your password',
    text: `Someone asked to reset the password of your account.\n\nOpen this link within one hour to choose a new one:\n${link}\n\nIf it was not you, ignore this email.`,
    html: `<p>Someone asked to reset the password of your account.</p><p><a href="${link}">Choose a new password</a> (valid for one hour).</p><p>If it was not you, ignore this email.</p>`,
  }
}

/**
 * Stores the sha256 of a fresh token and emails the link. Answers the same whether or not the email exists; the
 * mail is sent in the background so the response time does not tell either.
 */
export async function requestPasswordReset(context: AppContext, email: string): Promise<void> {
  const { models, config, mailer, logger } = context
  const token = randomBytes(32).toString('hex')
  const user = await models.users.findOneAndUpdate(
    { email: email.trim().toLowerCase(), isActive: true },
    {
      $set: {
        resetPasswordToken: hashResetToken(token),
        resetPasswordExpires: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      },
    },
  )
  if (!user) {
    logger.info('password reset requested for an unknown or inactive email')
    return
  }
  const link = `${config.appUrl}/reset-password?token=${token}`
  const userId = String(user._id)
  logger.info('password reset requested', { userId })
  mailer.send({ to: user.email, ...resetEmail(link) }).catch((error: unknown) => {
    logger.error('password reset email failed', { userId, error })
  })
}

/** Consumes the token (atomically, so it works once), sets the password and revokes every earlier token. */
export async function confirmPasswordReset(context: AppContext, token: string, newPassword: string): Promise<void> {
  const { models, config, principals, logger } = context
  const password = await hashPassword(newPassword, config.bcryptCost)
  const user = await models.users.findOneAndUpdate(
    { resetPasswordToken: hashResetToken(token), resetPasswordExpires: { $gt: new Date() }, isActive: true },
    { $set: { password, resetPasswordToken: null, resetPasswordExpires: null }, $inc: { tokenVersion: 1 } },
  )
  if (!user)
    throw new ValidationError('Invalid or expired token', [{ path: 'token', message: 'is invalid or expired' }])
  principals.invalidate(String(user._id))
  logger.info('password reset completed', { userId: String(user._id) })
}
