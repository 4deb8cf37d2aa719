import { ForbiddenError } from '../../errors.js'
import { sendData } from '../envelope.js'
import { IdParams } from '../params.js'
import type { PeopleRoutes } from './routes.js'

/**
 * `POST /api/v1/messages/:id/read`: the recipient marks a message read. Only they may (the sender gets 403, anyone
 * else 404: they cannot see it); reading it again changes nothing.
 */
export function messageReadRoute({ on, context, actor }: PeopleRoutes): void {
  on(
    {
      method: 'post',
      path: '/messages/:id/read',
      summary: 'Mark a message read (its recipient only)',
      params: IdParams,
      errors: [403, 404, 412],
    },
    async (req, res) => {
      const { id } = IdParams.parse(req.params)
      const messages = context.resources.messages
      const who = actor(req)
      const message = await messages.get(who, id)
      if (who.kind !== 'user' || message.recipientId !== who.id) {
        throw new ForbiddenError('Only the recipient may mark a message read')
      }
      if (message.status === 'read') {
        sendData(res, message)
        return
      }
      // The recipient was checked above; the transition records them as its actor.
      const read = await messages.transition(who, id, {
        name: 'read',
        internal: true,
        onBehalf: true,
        values: { readAt: new Date() },
      })
      sendData(res, read)
    },
  )
}
