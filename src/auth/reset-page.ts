import express, { type Response, type Router } from 'express'
import { z } from 'zod'
import { Password } from '../api/users/schemas.js'
import { route } from '../api/async-handler.js'
import type { AppContext } from '../app-context.js'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import { confirmPasswordReset } from './password-reset.js'

// The emailed reset link is `${APP_URL}/reset-password?token=...`. With APP_URL left at its default (this server),
// or with a frontend that has no such page, the link must still work: this is that page. A plain HTML form, no
// script (the API's CSP allows none), posting to itself; the same single-use token check as the API.

const Token = z.string().regex(/^[0-9a-f]{64}$/)
const ResetForm = z.object({
  token: z.string().max(200),
  newPassword: z.string().max(500),
  confirm: z.string().max(500),
})

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`)
}

function page(config: Config, title: string, body: string): string {
  const { name, color } = config.brand
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} · ${escape(name)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f8f9f9;color:#0c1e29;margin:0}main{max-width:380px;margin:10vh auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 2px 8px #0002}h1{font-size:20px;margin-top:0;color:${color}}label{display:block;margin:16px 0 4px}input{width:100%;box-sizing:border-box;padding:8px;font-size:15px}button{margin-top:20px;width:100%;padding:10px;font-size:15px;background:${color};color:#fff;border:0;border-radius:4px}.error{color:#c20012}.ok{color:#007d7f}</style>
</head><body><main><p>${escape(name)}</p><h1>${escape(title)}</h1>${body}</main></body></html>`
}

function form(config: Config, token: string, error?: string): string {
  const problem = error ? `<p class="error" role="alert">${escape(error)}</p>` : ''
  return page(
    config,
    'Choose a new password',
    `${problem}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escape(token)}">
<label for="newPassword">New password (at least 8 characters)</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="8">
<label for="confirm">Repeat it</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8">
<button type="submit">Set password</button></form>`,
  )
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').send(html)
}

/** Why the form was refused, in the page's words (the token is checked last, so it is only used when all else is right). */
function formProblem(input: z.infer<typeof ResetForm>): string | undefined {
  if (!Token.safeParse(input.token).success) return 'This reset link is invalid or has expired. Ask for a new one.'
  const password = Password.safeParse(input.newPassword)
  if (!password.success) return `The password ${password.error.issues[0]?.message ?? 'is not valid'}.`
  if (input.newPassword !== input.confirm) return 'The two passwords differ.'
  return undefined
}

export function resetPageRouter(context: AppContext): Router {
  const router = express.Router()
  const { config } = context

  router.get('/reset-password', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : ''
    if (!Token.safeParse(token).success) {
      sendPage(
        res,
        400,
        page(
          config,
          'Reset link not valid',
          '<p class="error">This reset link is incomplete or invalid. Ask for a new one.</p>',
        ),
      )
      return
    }
    sendPage(res, 200, form(config, token))
  })

  router.post(
    '/reset-password',
    route(async (req, res) => {
      const input = ResetForm.safeParse(req.body)
      const values = input.success ? input.data : { token: '', newPassword: '', confirm: '' }
      const problem = input.success ? formProblem(values) : 'The form was incomplete.'
      if (problem) {
        sendPage(res, 400, form(config, values.token, problem))
        return
      }
      try {
        await confirmPasswordReset(context, values.token, values.newPassword)
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error
        sendPage(
          res,
          400,
          form(config, values.token, 'This reset link is invalid, used or expired. Ask for a new one.'),
        )
        return
      }
      sendPage(
        res,
        200,
        page(config, 'Password changed', '<p class="ok">Your password is changed. Sign in with it now.</p>'),
      )
    }),
  )
  return router
}
