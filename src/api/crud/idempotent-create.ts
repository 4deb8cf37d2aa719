import type { Request } from 'express'
import type { Actor } from '../../access/actor.js'
import { describeActor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import type { ResourceService, UntrustedInput } from '../../models/bind-resource.js'
import { claimKey, completeKey, IdempotencyKey, releaseKey } from './idempotency.js'
import { recordMessage, withId } from './wire.js'

/** POST with an optional Idempotency-Key: the first request creates, a retry replays its response. */
export async function createWithIdempotency(
  context: AppContext,
  service: ResourceService,
  actor: Actor,
  req: Request,
): Promise<{ status: number; body: unknown }> {
  const header = req.get('Idempotency-Key')
  const create = async () => ({
    status: 201,
    body: {
      success: true,
      message: recordMessage(service.def, 'created'),
      data: withId(await service.create(actor, req.body as UntrustedInput)),
      meta: {},
    },
  })
  if (header === undefined) return create()
  const key = IdempotencyKey.parse(header)
  const connection = context.db.connection
  const claim = await claimKey(connection, {
    owner: describeActor(actor),
    scope: service.def.resource,
    key,
    body: req.body,
  })
  if ('replay' in claim) return claim.replay
  try {
    const response = await create()
    await completeKey(connection, claim.id, response.status, response.body)
    return response
  } catch (error) {
    await releaseKey(connection, claim.id)
    throw error
  }
}
