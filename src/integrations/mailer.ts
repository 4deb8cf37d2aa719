import nodemailer from 'nodemailer'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'

export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
}

export interface Mailer {
  /** Sends one message; rejects when the SMTP server refuses it. */
  send(message: MailMessage): Promise<void>
}

/**
 * nodemailer over SMTP_URL (or the seed's MAIL_USER/MAIL_PASS, see config). Without SMTP the message is dropped with a
 * warning that names the recipient and subject only: bodies may carry tokens.
 */
export function createMailer(config: Pick<Config, 'mail'>, logger: Logger): Mailer {
  const { smtpUrl, from } = config.mail
  if (!smtpUrl) {
    return {
      send(message) {
        logger.warn('mail not sent: no SMTP configured', { to: message.to, subject: message.subject })
        return Promise.resolve()
      },
    }
  }
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(message) {
      await transport.sendMail({ from, ...message })
      logger.info('mail sent', { to: message.to, subject: message.subject })
    },
  }
}
