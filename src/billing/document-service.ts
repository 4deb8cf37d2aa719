import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { ResourceService, UntrustedInput } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import type { WriteOptions } from '../models/resource-writes.js'
import { Types } from 'mongoose'
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js'
import { holdKey } from '../models/billing/settlement-holds.js'
import { billingStateOf, checkLineProducts, liveRecord } from './lookups.js'
import { settleInvoice } from './settle.js'
import { settlementHolds } from './settling-holds.js'

// The sales documents' services: the engine's, plus what needs other records or the configuration. The seller's
// state (configuration) and the place of supply (the client's billing state, or the credited invoice's) are stored
// on each document as internal fields, so the declared totals (line-items.ts) are computed from the record alone.
// Receipts and credit notes settle their invoice after every write.

type Input = UntrustedInput

const withInternal = (options: WriteOptions | undefined, values: ResourceRecord): WriteOptions => ({
  ...options,
  internal: { ...options?.internal, ...values },
})

/**
 * The record `id` names, read as the caller: a bdm may not bill another bdm's client or invoice (the engine's
 * reference check only asks whether it exists). 400 naming the field otherwise.
 */
async function visible(service: ResourceService, actor: Actor, field: string, id: unknown): Promise<ResourceRecord> {
  const article = /^[aeiou]/.test(field) ? 'an' : 'a'
  const refuse = () =>
    new ValidationError('Invalid input', [{ path: field, message: `must name ${article} ${field} you can see` }])
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/i.test(id)) throw refuse()
  try {
    return await service.get(actor, id, { record: false })
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) throw refuse()
    throw error
  }
}

/** 403 before anything is looked up, as the engine would answer. */
function mayCreate(service: ResourceService, actor: Actor): void {
  if (!can(actor, 'create', service.def.resource))
    throw new ForbiddenError(`You may not create ${service.def.resource}`)
}

/** Where a document's buyer is: its client's billing state, else its lead's state, else unknown (local). */
async function placeOfSupply(service: ResourceService, clients: ResourceService, actor: Actor, raw: Input) {
  if (raw.client !== undefined) {
    const client = await visible(clients, actor, 'client', raw.client)
    return { placeOfSupply: billingStateOf(client), ...ownerOf(client) }
  }
  const lead = await liveRecord(service.model.db, 'Lead', raw.lead)
  return { placeOfSupply: typeof lead?.state === 'string' ? lead.state : '' }
}

/** A document belongs to whoever owns its client or invoice (what `access.ownerFrom` declares). */
function ownerOf(record: ResourceRecord): ResourceRecord {
  return typeof record.ownerId === 'string' ? { ownerId: record.ownerId } : {}
}

/** Quotations, proposals, estimates, sales quotations and sales invoices. */
export function documentService(
  service: ResourceService,
  clients: ResourceService,
  sellerState: string,
): ResourceService {
  return {
    ...service,
    async create(actor: Actor, raw: Input, options?: WriteOptions) {
      mayCreate(service, actor)
      await checkLineProducts(service.model.db, raw.items)
      const internal = { sellerState, ...(await placeOfSupply(service, clients, actor, raw)) }
      return service.create(actor, raw, withInternal(options, internal))
    },
    async update(actor: Actor, id: string, raw: Input, options?: WriteOptions) {
      // The client never changes (immutable), so neither does the place of supply.
      await checkLineProducts(service.model.db, raw.items)
      return service.update(actor, id, raw, options)
    },
    async replace(actor: Actor, id: string, raw: Input, options?: WriteOptions) {
      await checkLineProducts(service.model.db, raw.items)
      return service.replace(actor, id, raw, options)
    },
  }
}

/** What a credit note or receipt takes from its invoice: the client, the currency, and for a credit note the GST states. */
async function fromInvoice(invoices: ResourceService, actor: Actor, raw: Input, withStates: boolean) {
  const invoice = await visible(invoices, actor, 'invoice', raw.invoice)
  const internal: ResourceRecord = { client: invoice.client, ...ownerOf(invoice) }
  if (withStates) Object.assign(internal, { sellerState: invoice.sellerState, placeOfSupply: invoice.placeOfSupply })
  return { raw: { ...raw, currency: raw.currency ?? invoice.currency }, internal }
}

/** Sales credit notes (`withStates`) and receipts (sales-revenue): each write settles the invoice it applies to. */
export function settlingService(service: ResourceService, invoices: () => ResourceService, withStates: boolean) {
  const amountField = withStates ? 'total' : 'amount'
  const holds = settlementHolds(service, amountField)
  const settle = async (record: ResourceRecord, action: string) => {
    const what = `${service.def.resource} ${String(record.number ?? record._id)} ${action}`
    await settleInvoice(invoices(), record.invoice, what)
    return record
  }
  const wrapped: ResourceService = {
    ...service,
    async create(actor: Actor, raw: Input, options?: WriteOptions) {
      mayCreate(service, actor)
      await checkLineProducts(service.model.db, raw.items)
      const prepared = await fromInvoice(invoices(), actor, raw, withStates)
      // The id is chosen here so a hold the create took (its `assignOnCreate`) can be released if it fails.
      const id = new Types.ObjectId()
      const stored = await holds.releasedOnFailure(raw.invoice, holdKey(id, 1), () =>
        service.create(actor, prepared.raw, { ...withInternal(options, prepared.internal), id }),
      )
      return settle(stored, 'created')
    },
    async update(actor, id, raw, options) {
      return settle(await holds.onChange(actor, id, raw, options, (o) => service.update(actor, id, raw, o)), 'changed')
    },
    async replace(actor, id, raw, options) {
      return settle(
        await holds.onChange(actor, id, raw, options, (o) => service.replace(actor, id, raw, o)),
        'replaced',
      )
    },
    async trash(actor, id, options) {
      return settle(await service.trash(actor, id, options), 'trashed')
    },
    async restore(actor, id, options) {
      return settle(await holds.onRestore(actor, id, () => service.restore(actor, id, options)), 'restored')
    },
    async restoreRevision(actor, id, revision, options) {
      return settle(await service.restoreRevision(actor, id, revision, options), 'restored to a revision')
    },
  }
  return wrapped
}
