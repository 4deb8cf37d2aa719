import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY, type ResourceAccess } from '../../access/vocabulary.js'
import { nextDocumentNumber, type DocumentSeries } from '../../invoices/series.js'
import type { ResourceRecord } from '../define-resource.js'
import { multilineText } from '../fields/text.js'
import type { WorkflowOptions } from '../workflow.js'
import { currencyCode, linesInput } from './line-items.js'
import type { Connection } from 'mongoose'

// What the sales documents share beyond their lines: the input of lines, currency, notes and owner; who may do what;
// the offer workflow of quotations, estimates and proposals; and the number issued from a series on create.

export const documentInput = {
  currency: currencyCode.optional(),
  items: linesInput,
  notes: multilineText(2000).optional(),
}

/**
 * The owner of a document that has a client (or invoice) is that record's owner, copied on create by
 * src/billing/document-service.ts and, once the references engine lands, by `access.ownerFrom` too: never input.
 */
export const OWNED_INTERNAL = ['sellerState', 'placeOfSupply', 'ownerId'] as const

/**
 * Sales documents: admins and seniors run them, a bdm works on their own clients' documents only (the owner copied
 * from the client or invoice by `ownerFrom`), accounts staff are not a role yet.
 */
export function documentAccess(ownerFrom?: string): ResourceAccess {
  return {
    owner: 'ownerId',
    ...(ownerFrom === undefined ? {} : { ownerFrom }),
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: ['read', 'create', 'update', 'trash', 'restore', 'export', 'history'],
      bdm: { actions: ['read', 'create', 'update', 'export', 'history'], scope: 'own', readonlyFields: ['ownerId'] },
    },
  }
}

export const OFFER_STATES = ['draft', 'sent', 'accepted', 'declined', 'converted'] as const

/**
 * Quotations and estimates: sent, accepted or declined by the client, and converted into a sales invoice (the
 * `convert` verb, src/billing/convert.ts, which creates the invoice and records it here).
 */
export const offerWorkflow: WorkflowOptions = {
  field: 'status',
  initial: 'draft',
  states: OFFER_STATES,
  fields: ['convertedTo'],
  transitions: [
    { name: 'send', from: ['draft'], to: 'sent' },
    { name: 'accept', from: ['draft', 'sent'], to: 'accepted' },
    { name: 'decline', from: ['draft', 'sent'], to: 'declined' },
    { name: 'reopen', from: ['declined'], to: 'draft' },
    {
      name: 'convert',
      from: ['draft', 'sent', 'accepted'],
      to: 'converted',
      internal: true,
      input: z.object({ convertedTo: z.string() }),
    },
  ],
}

/** A proposal is an offer to a lead: no client yet, so nothing to convert into an invoice. */
export const proposalWorkflow: WorkflowOptions = {
  ...offerWorkflow,
  states: OFFER_STATES.filter((state) => state !== 'converted'),
  fields: [],
  transitions: offerWorkflow.transitions.filter((transition) => transition.name !== 'convert'),
}

/** A converted offer is history: its invoice carries the lines on. */
export function offerFrozen(record: ResourceRecord): string | null {
  return record.status === 'converted' ? 'A converted document cannot change; change its invoice' : null
}

/** `assignOnCreate` for a document numbered on creation, in the financial year of `dateField`. */
export function numberOnCreate(series: DocumentSeries, dateField: string) {
  return async (record: ResourceRecord, connection: Connection): Promise<ResourceRecord> => {
    const value = record[dateField]
    const date = value instanceof Date ? value : new Date()
    return { number: await nextDocumentNumber(connection, series, date) }
  }
}

export const numberIndex = {
  fields: { number: 1 } as Record<string, 1 | -1>,
  options: { unique: true, partialFilterExpression: { number: { $type: 'string' } } },
}
