import type { z } from 'zod'
import type { ResourceOptions } from '../define-resource.js'
import { referenceField } from '../fields/record-id.js'
import type { DocumentSeries } from '../../invoices/series.js'
import {
  OWNED_INTERNAL,
  documentAccess,
  numberIndex,
  numberOnCreate,
  offerFrozen,
  offerWorkflow,
} from './document-shape.js'
import { documentDerived, documentFields } from './line-items.js'

// Quotations, estimates and sales quotations are the same kind of record: an offer to a client, numbered from a
// series when created, listed under its client, converted into a sales invoice. What differs (a deal, a project,
// a category, a validity date) stays in each declaration; this is the rest, so the three cannot drift apart.

/** The stored fields every client offer has, beside its own. */
export const clientOfferFields = {
  ...documentFields,
  number: String,
  client: referenceField({ required: true }),
  issueDate: { type: Date, default: () => new Date() },
  status: { type: String, required: true },
  convertedTo: { type: String, default: null },
}

type OfferOptions = Pick<
  ResourceOptions<z.ZodObject>,
  | 'access'
  | 'label'
  | 'indexes'
  | 'parents'
  | 'derived'
  | 'internalFields'
  | 'assignOnCreate'
  | 'immutable'
  | 'frozen'
  | 'workflow'
  | 'audit'
  | 'trash'
  | 'defaultSort'
>

/** The declaration settings every client offer shares; `series` is its number prefix (QT, ES, SQ). */
export function clientOffer(series: DocumentSeries): OfferOptions {
  return {
    access: documentAccess('client'),
    label: ['number'],
    indexes: [numberIndex, { fields: { deletedAt: 1, issueDate: -1, _id: -1 } }],
    // Listed under its client and shown in the client's activity timeline.
    parents: [{ resource: 'clients', field: 'client' }],
    derived: documentDerived,
    internalFields: [...OWNED_INTERNAL, 'number'],
    assignOnCreate: numberOnCreate(series, 'issueDate'),
    immutable: ['client'],
    frozen: offerFrozen,
    workflow: offerWorkflow,
    audit: true,
    trash: { retentionDays: 3650 },
    defaultSort: '-createdAt',
  }
}
