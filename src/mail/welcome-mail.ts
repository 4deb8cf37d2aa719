import type { MailMessage } from '../integrations/mailer.js'
import { formatRupees } from '../payments/money.js'
import { html } from './html.js'

// Seed 1's welcome mail to a new client, now with every value escaped; when the booking came with a first payment
// (the frontend sends its amount), the same mail confirms the booking and the amount received.

const COMPANY = 'Finsera Ventures Private Limited'

export interface WelcomeInput {
  email: string
  name: string
  /** The first payment received with the booking, in paise; absent or 0 for a plain welcome. */
  amountPaise?: number | undefined
}

function paymentLine(amountPaise: number | undefined): { html: string; text: string } {
  if (amountPaise === undefined || amountPaise <= 0) return { html: '', text: '' }
  const amount = formatRupees(amountPaise)
  return {
    html: html`<p>Your booking is confirmed and we have received your first payment of <b>${amount}</b>.</p>`,
    text: `Your booking is confirmed and we have received your first payment of ${amount}.\n\n`,
  }
}

export function welcomeMail(input: WelcomeInput): MailMessage {
  const payment = paymentLine(input.amountPaise)
  const body = html`<p>Dear Sir/Madam,</p>
<p>We are pleased to extend a warm welcome to <b>${input.name}</b> as a valued client of <b>${COMPANY}</b>.
We sincerely appreciate the trust you have placed in us.</p>`
  const closing = html`<p>One of our representatives will be in touch shortly to coordinate with you and gather any
necessary information. For any queries kindly mail us at support@finseraa.org.</p>
<p style="color:#555;font-size:14px"><i>This is a system-generated email. Please do not reply to this email.</i></p>
<p>Warm regards,<br><b>${COMPANY}</b></p>`
  const text =
    `Dear Sir/Madam,\n\nWe are pleased to extend a warm welcome to ${input.name} as a valued client of ${COMPANY}.\n\n` +
    payment.text +
    `One of our representatives will be in touch shortly. For any queries kindly mail us at support@finseraa.org.\n\n` +
    `Warm regards,\n${COMPANY}\n`
  return {
    to: input.email,
    // A subject is a header: no line breaks, whatever the name holds.
    subject: `Warm Welcome to ${input.name.replace(/[\r\n]+/g, ' ')} from ${COMPANY}`,
    text,
    html: body + payment.html + closing,
  }
}
