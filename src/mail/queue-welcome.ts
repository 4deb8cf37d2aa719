import type { Actor } from '../access/actor.js'
import { describeActor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import { RateLimitedError } from '../errors.js'
import { enqueue, outboxModel } from '../outbox/outbox-entry.js'
import { welcomeMail, type WelcomeInput } from './welcome-mail.js'

// Queues a welcome mail in the outbox (the `outbox.deliver` job sends it). Limited per sender per hour, counted
// from the outbox itself (kept in MongoDB, shared by every process, surviving restarts).

const HOUR_MS = 3600_000

export async function queueWelcomeMail(app: AppContext, actor: Actor, input: WelcomeInput): Promise<void> {
  const origin = `mail.welcome ${describeActor(actor)}`
  const since = new Date(Date.now() - HOUR_MS)
  const recent = await outboxModel(app.db.connection).countDocuments({ origin, createdAt: { $gte: since } })
  if (recent >= app.config.welcomeMailsPerHour) {
    throw new RateLimitedError('Too many welcome mails; try again later', 3600)
  }
  const message = welcomeMail(input)
  await enqueue(app.db.connection, 'mail', { ...message }, origin)
}
