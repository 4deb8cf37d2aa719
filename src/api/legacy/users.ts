import express, { type Request, type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { login, revokeTokens } from '../../auth/login.js'
import { confirmPasswordReset, requestPasswordReset } from '../../auth/password-reset.js'
import { ForbiddenError, GoneError, NotFoundError, ValidationError } from '../../errors.js'
import { route } from '../async-handler.js'
import { parseId } from '../params.js'
import { createUser, deactivateUser, listUsers, updateUser } from '../users/operations.js'
import { Email, LoginPassword, Name, Password, RoleName } from '../users/schemas.js'

// Seed 1's /user auth and user-management routes, for the existing frontends: same paths, payloads and response
// keys; authorisation from the JWT and the roles matrix only. Every difference is listed in docs/legacy-api.md.

const LegacyLogin = z.object({ email: Email, password: LoginPassword })
const LegacyAddUser = z.object({ name: Name, email: Email, password: Password, user_role: RoleName.default('user') })
const LegacyEditUser = z.object({
  name: Name.optional(),
  email: Email.optional(),
  password: Password.optional(),
  user_role: RoleName.optional(),
  isActive: z.boolean().optional(),
})
const LegacyResetRequest = z.object({ email: Email })
const LegacyResetConfirm = z.object({ newPassword: Password })
const ResetToken = z.string().regex(/^[0-9a-f]{64}$/)

/** Public routes: sign-in and password reset. */
function publicRoutes(context: AppContext, router: Router): void {
  const signIn = route(async (req, res) => {
    const { email, password } = LegacyLogin.parse(req.body)
    const { token, user } = await login(context, email, password, req.ip ?? 'unknown')
    res.json({ success: true, token, user })
  })
  router.post('/auth/login', signIn)
  router.post('/login', signIn) // the v1 frontend's pre-December path

  router.post(
    '/request-reset-password',
    route(async (req, res) => {
      await requestPasswordReset(context, LegacyResetRequest.parse(req.body).email)
      res.json({ message: 'If that email is registered, a password reset link has been sent.' })
    }),
  )

  router.post(
    '/reset-password/:token',
    route<{ token: string }>(async (req, res) => {
      const { newPassword } = LegacyResetConfirm.parse(req.body)
      const token = ResetToken.safeParse(req.params.token)
      if (!token.success) throw new ValidationError('Invalid or expired token.')
      await confirmPasswordReset(context, token.data, newPassword)
      res.json({ message: 'Password has been reset successfully.' })
    }),
  )

  // Seed 1 let anyone set anyone's password from an email address alone. It is gone, not fixed in place.
  router.put('/password-reset', (_req, _res, next) => {
    next(
      new GoneError('This route is no longer available. Use POST /user/request-reset-password and the emailed link.'),
    )
  })
}

/** Routes that need a token; what each may do comes from the roles matrix (users: dev and srdev by default). */
function signedInRoutes(context: AppContext, router: Router): void {
  const signedIn = authenticate(context)
  const actor = (req: Request) => principalOf(req).actor

  router.post(
    '/adduser',
    signedIn,
    route(async (req, res) => {
      const input = LegacyAddUser.parse(req.body)
      res.status(201).json(await createUser(context, actor(req), { ...input, isActive: true, notifyByEmail: false }))
    }),
  )

  router.patch(
    '/edituser/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      const id = parseId(req.params.id, 'User not found')
      const input = LegacyEditUser.parse(req.body)
      if (Object.keys(input).length === 0) throw new ValidationError('No fields to update.')
      const user = await updateUser(context, actor(req), id, input)
      res.json({ message: 'User updated successfully', user })
    }),
  )

  router.delete(
    '/deleteuser/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      await deactivateUser(context, actor(req), parseId(req.params.id, 'User not found'))
      res.json({ message: 'User deleted successfully' })
    }),
  )

  router.get(
    '/all',
    signedIn,
    route(async (req, res) => {
      const { items } = await listUsers(context, actor(req), { page: 1, limit: 10_000 })
      res.json({ Users: items })
    }),
  )

  router.patch(
    '/logout/:id',
    signedIn,
    route<{ id: string }>(async (req, res) => {
      const principal = principalOf(req)
      if (req.params.id !== principal.id) throw new ForbiddenError('You can only log yourself out.')
      await revokeTokens(context, principal.id)
      const user = await context.models.users.findById(principal.id)
      if (!user) throw new NotFoundError('User not found')
      res.json(user.toJSON())
    }),
  )
}

/**
 * Mounted at /user. Later issues add `GET /user/bookings/:id` and the unified search `GET /user/:id?` on their own
 * routers mounted after this one (see legacy/index.ts): this router only claims the exact paths above.
 */
export function legacyUsersRouter(context: AppContext): Router {
  const router = express.Router()
  publicRoutes(context, router)
  signedInRoutes(context, router)
  return router
}
