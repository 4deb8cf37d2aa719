import type { ResourceService } from '../models/bind-resource.js'
import { documentService, settlingService } from './document-service.js'

// The sales documents' services replace the engine's bare ones (src/models/index.ts), so every door (REST, admin,
// conversion) goes through them.

export interface BillingServices {
  readonly clients: ResourceService
  quotations: ResourceService
  proposals: ResourceService
  estimates: ResourceService
  salesQuotations: ResourceService
  salesInvoices: ResourceService
  salesCreditNotes: ResourceService
  salesRevenue: ResourceService
}

export function bindBilling(bound: BillingServices, sellerState: string): void {
  bound.quotations = documentService(bound.quotations, bound.clients, sellerState)
  bound.proposals = documentService(bound.proposals, bound.clients, sellerState)
  bound.estimates = documentService(bound.estimates, bound.clients, sellerState)
  bound.salesQuotations = documentService(bound.salesQuotations, bound.clients, sellerState)
  bound.salesInvoices = documentService(bound.salesInvoices, bound.clients, sellerState)
  const invoices = () => bound.salesInvoices
  bound.salesCreditNotes = settlingService(bound.salesCreditNotes, invoices, true)
  bound.salesRevenue = settlingService(bound.salesRevenue, invoices, false)
}
