import type { Actor } from '../access/actor.js'
import { UpstreamError, ValidationError, NotFoundError } from '../errors.js'
import { ProviderError } from '../integrations/razorpay.js'
import type { Logger } from '../logger.js'
import type { ResourceService, UntrustedInput } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { WriteOptions } from '../models/resource-writes.js'
import { enqueue } from '../outbox/outbox-entry.js'

// The order of steps that cannot lose money or records:
// 1. the input is validated (and the booking checked) before anything is stored or sent;
// 2. the local record is stored in state `creating` (audited), so a link the provider creates always has a record;
// 3. the provider is called with the record's id as its reference;
// 4. its answer moves the record to `created` (with the provider's id and URL) or `failed` (with its message).
// A provider failure answers 502 and leaves the record `failed`: never a 500 after the money path was opened.

/** What the provider said: its id for the payment and the URL (link or QR image) the customer uses. */
export interface ProviderAnswer {
  provider_id: string
  provider_url: string
}

export interface Opener {
  readonly what: string
  /** Calls the provider for a freshly stored record. */
  open(record: ResourceRecord): Promise<ProviderAnswer>
  /** The Google Sheets row seed 1 logged for it (LINK or QR shape). */
  sheetRow(record: ResourceRecord): Record<string, unknown>
}

async function checkBooking(bookings: ResourceService, actor: Actor, bookingId: unknown): Promise<void> {
  if (typeof bookingId !== 'string') return
  try {
    await bookings.get(actor, bookingId, { record: false })
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
    throw new ValidationError('Invalid input', [{ path: 'booking_id', message: 'is not a booking you can see' }])
  }
}

async function settle(
  service: ResourceService,
  actor: Actor,
  record: ResourceRecord,
  opener: Opener,
  logger: Logger,
): Promise<ResourceRecord> {
  const id = String(record._id)
  let answer: ProviderAnswer
  try {
    answer = await opener.open(record)
  } catch (error) {
    const message = error instanceof ProviderError ? error.message : 'Razorpay call failed'
    if (!(error instanceof ProviderError)) logger.error('payment provider call crashed', { id, error })
    await service.transition(actor, id, { name: 'fail', values: { failure_reason: message }, onBehalf: true })
    throw new UpstreamError(`The ${opener.what} could not be created at Razorpay: ${message}`, [
      { path: 'provider', message },
    ])
  }
  const opened = await service.transition(actor, id, { name: 'open', values: { ...answer }, onBehalf: true })
  await enqueue(service.model.db, 'sheets', opener.sheetRow(opened), `${service.def.resource}:${id}`)
  return opened
}

/** The payment service every door uses: `create` stores, calls the provider, and records its answer. */
export function openingService(
  service: ResourceService,
  bookings: ResourceService,
  opener: Opener,
  logger: Logger,
): ResourceService {
  return {
    ...service,
    async create(actor: Actor, input: UntrustedInput, options?: WriteOptions) {
      const parsed = service.def.input.parse(input)
      await checkBooking(bookings, actor, parsed.booking_id)
      const stored = await service.create(actor, input, options)
      return settle(service, actor, stored, opener, logger)
    },
  }
}
