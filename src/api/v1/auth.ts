import express, { type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { login, revokeTokens } from '../../auth/login.js'
import { changeOwnPassword } from '../../auth/password-change.js'
import { confirmPasswordReset, requestPasswordReset } from '../../auth/password-reset.js'
import { NotFoundError } from '../../errors.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'
import { UserOut } from '../users/schemas.js'
import {
  LoginBody,
  LoginOut,
  MeUpdate,
  MessageOut,
  PasswordChange,
  ResetConfirm,
  ResetRequest,
  TokenOut,
} from './auth-schemas.js'

const RESET_REQUESTED = 'If that email belongs to an account, a reset link is on its way.'

/** /api/v1/auth: sign-in, self-service (`me`) for every signed-in user, and password reset. */
export function authRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  const target = { router, registry, base: '/api/v1/auth' }
  const signedIn = authenticate(context)
  registry.component('Login', LoginBody, 'input')

  defineRoute(
    target,
    {
      method: 'post',
      path: '/login',
      tag: 'auth',
      auth: false,
      summary: 'Sign in; returns a JWT',
      body: LoginBody,
      response: LoginOut,
      errors: [400, 429],
    },
    async (req, res) => {
      const { email, password } = LoginBody.parse(req.body)
      sendData(res, await login(context, email, password, req.ip ?? 'unknown'))
    },
  )

  defineRoute(
    target,
    { method: 'get', path: '/me', tag: 'auth', auth: true, summary: 'The signed-in user', response: UserOut },
    async (req, res) => {
      sendData(res, await loadMe(context, principalOf(req).id))
    },
    signedIn,
  )

  defineRoute(
    target,
    {
      method: 'patch',
      path: '/me',
      tag: 'auth',
      auth: true,
      summary: 'Change your own name or whether notifications also come by email',
      body: MeUpdate,
      response: UserOut,
      errors: [400],
    },
    async (req, res) => {
      const { name, notifyByEmail } = MeUpdate.parse(req.body)
      const id = principalOf(req).id
      await context.models.users.updateOne(
        { _id: id },
        {
          $set: { ...(name === undefined ? {} : { name }), ...(notifyByEmail === undefined ? {} : { notifyByEmail }) },
        },
      )
      context.principals.invalidate(id)
      sendData(res, await loadMe(context, id))
    },
    signedIn,
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/logout',
      tag: 'auth',
      auth: true,
      summary: 'Sign out everywhere: revokes every token issued so far',
      response: MessageOut,
    },
    async (req, res) => {
      await revokeTokens(context, principalOf(req).id)
      sendData(res, { message: 'Signed out' })
    },
    signedIn,
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/password',
      tag: 'auth',
      auth: true,
      summary: 'Change your password; other tokens stop working, a new one is returned',
      body: PasswordChange,
      response: TokenOut,
      errors: [400],
    },
    async (req, res) => {
      const { currentPassword, newPassword } = PasswordChange.parse(req.body)
      sendData(res, { token: await changeOwnPassword(context, principalOf(req).id, currentPassword, newPassword) })
    },
    signedIn,
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/password-reset/request',
      tag: 'auth',
      auth: false,
      summary: 'Email a one-hour, single-use reset link (always answers 200)',
      body: ResetRequest,
      response: MessageOut,
      errors: [400],
    },
    async (req, res) => {
      await requestPasswordReset(context, ResetRequest.parse(req.body).email)
      sendData(res, { message: RESET_REQUESTED })
    },
  )

  defineRoute(
    target,
    {
      method: 'post',
      path: '/password-reset/confirm',
      tag: 'auth',
      auth: false,
      summary: 'Set a new password with the emailed token',
      body: ResetConfirm,
      response: MessageOut,
      errors: [400],
    },
    async (req, res) => {
      const { token, password } = ResetConfirm.parse(req.body)
      await confirmPasswordReset(context, token, password)
      sendData(res, { message: 'Password changed; sign in with the new one' })
    },
  )

  return router
}

async function loadMe(context: AppContext, id: string): Promise<unknown> {
  const user = await context.models.users.findById(id)
  if (!user) throw new NotFoundError('User not found')
  return user.toJSON()
}
