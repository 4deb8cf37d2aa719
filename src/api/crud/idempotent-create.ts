import type { Request } from 'express'
import type { Actor } from '../../access/actor.js'
import { describeActor } from '../../access/actor.js'
import type { AppContext } from '../../app-context.js'
import type { ResourceService, UntrustedInput } from '../../models/bind-resource.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { claimKey, completeKey, IdempotencyKey, releaseKey } from './idempotency.js'
import { recordMessage, withId } from './wire.js'

/** Another way to create than `service.create` (a child under its parent), with the keys' own scope. */
export interface CreateVia {
  /** Keys are unique per caller and scope: a child route's scope names its parent record. */
  readonly scope: string
  readonly create: (body: UntrustedInput) => Promise<ResourceRecord>
}

/** POST with an optional Idempotency-Key: the first request creates, a retry replays its response. */
export async function createWithIdempotency(
  context: AppContext,
  service: ResourceService,
  actor: Actor,
  req: Request,
  via?: CreateVia,
): Promise<{ status: number; body: unknown }> {
  const header = req.get('Idempotency-Key')
  const body = req.body as UntrustedInput
  const make = via?.create ?? ((input: UntrustedInput) => service.create(actor, input))
  const create = async () => ({
    status: 201,
    body: {
      success: true,
      message: recordMessage(service.def, 'created'),
      data: withId(await make(body)),
      meta: {},
    },
  })
  if (header === undefined) return create()
  const key = IdempotencyKey.parse(header)
  const connection = context.db.connection
  const claim = await claimKey(connection, {
    owner: describeActor(actor),
    scope: via?.scope ?? service.def.resource,
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
