import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

// A real SMTP server on loopback that can be started late (SMTP down, then back) on a port chosen up front.

export interface ReceivedMail {
  to: string
  subject: string
  text: string
  html: string
}

export interface SmtpDouble {
  port: number
  mails: ReceivedMail[]
  start(): Promise<void>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => { resolve() }))
  return port
}

export async function smtpDouble(): Promise<SmtpDouble> {
  const port = await freePort()
  const mails: ReceivedMail[] = []
  let server: SMTPServer | undefined
  return {
    port,
    mails,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, callback) {
          simpleParser(stream).then((parsed) => {
            const to = Array.isArray(parsed.to) ? (parsed.to[0]?.text ?? '') : (parsed.to?.text ?? '')
            mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' })
            callback()
          }, callback)
        },
      })
      const started = server
      await new Promise<void>((resolve) => started.listen(port, '127.0.0.1', resolve))
    },
    async stop() {
      const running = server
      if (!running) return
      await new Promise<void>((resolve) => { running.close(resolve) })
      server = undefined
    },
  }
}
