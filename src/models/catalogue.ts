import { estimateResource } from './billing/estimate.js'
import { productResource } from './billing/product.js'
import { proposalResource } from './billing/proposal.js'
import { quotationResource } from './billing/quotation.js'
import { salesCreditNoteResource } from './billing/sales-credit-note.js'
import { salesInvoiceResource } from './billing/sales-invoice.js'
import { salesQuotationResource } from './billing/sales-quotation.js'
import { salesRevenueResource } from './billing/sales-revenue.js'
import { bookingResource } from './booking.js'
import { employeeResource } from './employee.js'
import { invoiceResource } from './invoice.js'
import { leadResource } from './lead.js'
import { branchResource, departmentResource, designationResource } from './organisation.js'
import { paymentLinkResource } from './payment-link.js'
import { paymentQrResource } from './payment-qr.js'
import { clientResource } from './sales/client.js'
import { serviceResource } from './service.js'

// The list of declared resources: one line each. The policy's resource list, owner fields and default grants
// (src/access/matrix.ts), the typed services (index.ts), the REST routers, the admin panel and the jobs derive
// from it. The key is the service's name in code (`context.resources.paymentLinks`).

export const CATALOGUE = {
  bookings: bookingResource,
  services: serviceResource,
  employees: employeeResource,
  departments: departmentResource,
  branches: branchResource,
  designations: designationResource,
  paymentLinks: paymentLinkResource,
  paymentQrs: paymentQrResource,
  invoices: invoiceResource,
  leads: leadResource,
  clients: clientResource,
  products: productResource,
  quotations: quotationResource,
  proposals: proposalResource,
  estimates: estimateResource,
  salesQuotations: salesQuotationResource,
  salesInvoices: salesInvoiceResource,
  salesCreditNotes: salesCreditNoteResource,
  salesRevenue: salesRevenueResource,
} as const

export type CatalogueKey = keyof typeof CATALOGUE
/** The policy names of the declared resources (`payment-links`). */
export type CatalogueResource = (typeof CATALOGUE)[CatalogueKey]['resource']
