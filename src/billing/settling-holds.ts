import type { Actor } from '../access/actor.js'
import type { ResourceService, UntrustedInput } from '../models/bind-resource.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { Types } from 'mongoose'
import { holdKey, holdSettlement, parseHoldKey, releaseHolds } from '../models/billing/settlement-holds.js'
import { REVISION_FIELD, revisionOf } from '../models/plugins/revision.js'
import type { WriteOptions } from '../models/resource-writes.js'

// The settlement holds (src/models/billing/settlement-holds.ts) around the writes of receipts and credit notes that
// apply more to an invoice: a create (held by its declared `assignOnCreate`), an amount raised by PATCH or PUT, and
// a restore from the trash. Each hold is taken after the caller's access is checked and released when the write
// fails, so a refused write leaves nothing behind; a write that lowers the amount needs none.

export interface SettlingHolds {
  /** Runs `write`; if it throws, releases the hold `key` it may have taken on `invoiceId`. */
  releasedOnFailure<T>(invoiceId: unknown, key: string, write: () => Promise<T>): Promise<T>
  /** Holds the increase a PATCH/PUT makes, pinned to the revision it was computed from. */
  onChange(
    actor: Actor,
    id: string,
    raw: UntrustedInput,
    options: WriteOptions | undefined,
    write: (options: WriteOptions) => Promise<ResourceRecord>,
  ): Promise<ResourceRecord>
  /** Holds a trashed record's whole amount before it counts again. */
  onRestore(actor: Actor, id: string, write: () => Promise<ResourceRecord>): Promise<ResourceRecord>
}

/** Whether the write a hold stands for was stored (its document carries the revision). */
async function reached(service: ResourceService, key: string): Promise<boolean> {
  const { documentId, revision } = parseHoldKey(key)
  const stored = await service.model.collection.findOne(
    { _id: new Types.ObjectId(documentId) },
    { projection: { [REVISION_FIELD]: 1 } },
  )
  return Number(stored?.[REVISION_FIELD] ?? 0) >= revision
}

export function settlementHolds(service: ResourceService, field: string): SettlingHolds {
  const connection = service.model.db
  const releasedOnFailure = async <T>(invoiceId: unknown, key: string, write: () => Promise<T>): Promise<T> => {
    try {
      return await write()
    } catch (error) {
      // A write that failed after its document was stored (a crash before its audit commit) keeps its hold: the
      // next settlement, or billing.reconcile, counts the document and removes the hold in one write.
      if (!(await reached(service, key))) await releaseHolds(connection, invoiceId, [key])
      throw error
    }
  }
  return {
    releasedOnFailure,
    async onChange(actor, id, raw, options, write) {
      const wanted = raw[field]
      if (typeof wanted !== 'number') return write(options ?? {})
      // Read as the caller first: whoever may not change it gets the engine's 403/404, not the invoice's balance.
      const current = await service.get(actor, id, { record: false })
      const revision = revisionOf(current)
      const key = holdKey(current._id, revision + 1)
      await holdSettlement(connection, current.invoice, { key, amount: wanted - Number(current[field] ?? 0), field })
      // Pinned: were it written over another revision, the held increase would not be the one applied.
      return releasedOnFailure(current.invoice, key, () =>
        write({ ...options, ifRevision: options?.ifRevision ?? revision }),
      )
    },
    async onRestore(actor, id, write) {
      const trashed = await service.get(actor, id, { trashed: true, record: false })
      const key = holdKey(trashed._id, revisionOf(trashed) + 1)
      await holdSettlement(connection, trashed.invoice, { key, amount: Number(trashed[field] ?? 0), field })
      return releasedOnFailure(trashed.invoice, key, write)
    },
  }
}
