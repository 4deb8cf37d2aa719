import { bookingResource } from './booking.js'
import { employeeResource } from './employee.js'
import { invoiceResource } from './invoice.js'
import { leadResource } from './lead.js'
import { branchResource, departmentResource, designationResource } from './organisation.js'
import { paymentLinkResource } from './payment-link.js'
import { paymentQrResource } from './payment-qr.js'
import { clientResource } from './sales/client.js'
import { contractResource } from './sales/contract.js'
import { countryResource } from './sales/country.js'
import { currencyResource } from './sales/currency.js'
import { dealResource } from './sales/deal.js'
import { labelResource } from './sales/label.js'
import { pipelineResource } from './sales/pipeline.js'
import { sourceResource } from './sales/source.js'
import { stageResource } from './sales/stage.js'
import { subClientResource } from './sales/sub-client.js'
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
  subClients: subClientResource,
  sources: sourceResource,
  labels: labelResource,
  countries: countryResource,
  currencies: currencyResource,
  pipelines: pipelineResource,
  stages: stageResource,
  deals: dealResource,
  contracts: contractResource,
} as const

export type CatalogueKey = keyof typeof CATALOGUE
/** The policy names of the declared resources (`payment-links`). */
export type CatalogueResource = (typeof CATALOGUE)[CatalogueKey]['resource']
