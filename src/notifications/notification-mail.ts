import type { MailMessage } from '../integrations/mailer.js'
import { html } from '../mail/html.js'

// The mail copy of a notification, for users who turned `notifyByEmail` on. The message is data (a record's title
// typed by someone else): escaped in the HTML, and kept to one line in the subject header.

const SUBJECT_MAX = 150

export interface NotificationMailInput {
  readonly to: string
  readonly name: string
  readonly message: string
}

export function notificationMail(input: NotificationMailInput): MailMessage {
  const line = input.message.replace(/[\r\n]+/g, ' ').trim()
  const subject = line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1)}…` : line
  const footer = 'You get these mails because you turned on email notifications; turn them off in your profile.'
  return {
    to: input.to,
    subject,
    text: `Hello ${input.name},\n\n${input.message}\n\n${footer}\n`,
    html: html`<p>Hello ${input.name},</p>
      <p>${input.message}</p>
      <p style="color:#555;font-size:14px"><i>${footer}</i></p>`,
  }
}
