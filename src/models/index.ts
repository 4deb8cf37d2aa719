import type { Connection } from 'mongoose'
import { auditModel, type AuditModel } from '../audit/audit-entry.js'
import { readLogModel, syncReadLogIndexes, type ReadLogModel } from '../audit/read-entry.js'
import { bindResource, type BindOptions, type ResourceService } from './bind-resource.js'
import type { PaymentProvider } from '../integrations/razorpay.js'
import type { Logger } from '../logger.js'
import { openingService, type Opener } from '../payments/open-payment.js'
import { linkOpener, qrOpener } from '../payments/openers.js'
import { bookingResource } from './booking.js'
import type { ResourceDefinition } from './define-resource.js'
import { employeeResource } from './employee.js'
import { branchResource, departmentResource, designationResource } from './organisation.js'
import { numberingService } from '../invoices/numbering.js'
import { invoiceResource } from './invoice.js'
import { paymentLinkResource } from './payment-link.js'
import { paymentQrResource } from './payment-qr.js'
import { leadResource } from './lead.js'
import { serviceResource } from './service.js'

// The resource list: src/api, src/admin and src/jobs iterate it. Users and roles are plain models for now.

export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [
  bookingResource,
  serviceResource,
  employeeResource,
  departmentResource,
  branchResource,
  designationResource,
  paymentLinkResource,
  paymentQrResource,
  invoiceResource,
  leadResource,
]

export interface Resources {
  readonly bookings: ResourceService<typeof bookingResource.input>
  readonly services: ResourceService<typeof serviceResource.input>
  readonly employees: ResourceService<typeof employeeResource.input>
  readonly departments: ResourceService<typeof departmentResource.input>
  readonly branches: ResourceService<typeof branchResource.input>
  readonly designations: ResourceService<typeof designationResource.input>
  readonly paymentLinks: ResourceService<typeof paymentLinkResource.input>
  readonly paymentQrs: ResourceService<typeof paymentQrResource.input>
  readonly invoices: ResourceService<typeof invoiceResource.input>
  readonly leads: ResourceService<typeof leadResource.input>
  /** Every resource, for the generic routers and jobs. */
  readonly all: readonly ResourceService[]
  readonly audit: AuditModel
  /** Single-document reads of audited resources (`audit_reads`, expiring after `auditReadRetentionDays`). */
  readonly readLog: ReadLogModel
}

/** What the payment resources need to reach the provider (src/payments/open-payment.ts). */
export interface MoneyOptions {
  readonly provider: PaymentProvider
  readonly callbackUrl: string
  readonly logger: Logger
  /** The seller's state, which decides an invoice's GST split. */
  readonly sellerState: string
}

export function bindResources(connection: Connection, options: BindOptions, money: MoneyOptions): Resources {
  const bookings = bindResource(bookingResource, connection, options)
  const services = bindResource(serviceResource, connection, options)
  const leads = bindResource(leadResource, connection, options)
  const hr = {
    employees: bindResource(employeeResource, connection, options),
    departments: bindResource(departmentResource, connection, options),
    branches: bindResource(branchResource, connection, options),
    designations: bindResource(designationResource, connection, options),
  }
  const opening = (service: ResourceService, opener: Opener) => openingService(service, bookings, opener, money.logger)
  const paymentLinks = opening(
    bindResource(paymentLinkResource, connection, options),
    linkOpener(money.provider, money.callbackUrl),
  ) as ResourceService<typeof paymentLinkResource.input>
  const paymentQrs = opening(
    bindResource(paymentQrResource, connection, options),
    qrOpener(money.provider),
  ) as ResourceService<typeof paymentQrResource.input>
  const invoices = numberingService(
    bindResource(invoiceResource, connection, options),
    money.sellerState,
  ) as ResourceService<typeof invoiceResource.input>
  return {
    bookings,
    services,
    ...hr,
    paymentLinks,
    paymentQrs,
    invoices,
    leads,
    all: [bookings, services, ...Object.values(hr), paymentLinks, paymentQrs, invoices, leads],
    audit: auditModel(connection),
    readLog: readLogModel(connection, options.auditReadRetentionDays),
  }
}

/** Builds every resource's indexes, the audit log's and the read log's (its TTL included). */
export async function syncResourceIndexes(resources: Resources): Promise<void> {
  await Promise.all([
    ...resources.all.map((service) => service.model.createIndexes()),
    resources.audit.createIndexes(),
    syncReadLogIndexes(resources.readLog),
  ])
}
