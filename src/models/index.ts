import type { Connection } from 'mongoose'
import { auditModel, type AuditModel } from '../audit/audit-entry.js'
import { readLogModel, syncReadLogIndexes, type ReadLogModel } from '../audit/read-entry.js'
import { bindResource, type BindOptions, type ResourceService } from './bind-resource.js'
import type { PaymentProvider } from '../integrations/razorpay.js'
import type { Logger } from '../logger.js'
import { openingService, type Opener } from '../payments/open-payment.js'
import { linkOpener, qrOpener } from '../payments/openers.js'
import { CATALOGUE, type CatalogueKey } from './catalogue.js'
import type { ResourceDefinition } from './define-resource.js'
import { numberingService } from '../invoices/numbering.js'
import { bindBilling } from '../billing/bind-billing.js'
import { milestoneBudgetService } from './projects/milestone-budget.js'
import { prepareSearchIndex } from './search-index.js'
import { createModelIndexes, type IndexSync } from '../db/model-indexes.js'

// The resource list is the catalogue (catalogue.ts); src/api, src/admin and src/jobs iterate it. Users and roles are
// plain models.

export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = Object.values(CATALOGUE)

/** One typed service per declared resource, named by its catalogue key. */
export type CatalogueServices = {
  readonly [Key in CatalogueKey]: ResourceService<(typeof CATALOGUE)[Key]['input']>
}

export interface Resources extends CatalogueServices {
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
  const bound = Object.fromEntries(
    Object.entries(CATALOGUE).map(([key, def]) => [
      key,
      bindResource(def as ResourceDefinition, connection, { logger: money.logger, ...options }),
    ]),
  ) as unknown as Record<CatalogueKey, ResourceService>
  // The money resources' services do more than the engine: they reach the provider or issue numbers.
  const opening = (service: ResourceService, opener: Opener) =>
    openingService(service, bound.bookings, opener, money.logger)
  bound.paymentLinks = opening(bound.paymentLinks, linkOpener(money.provider, money.callbackUrl))
  bound.paymentQrs = opening(bound.paymentQrs, qrOpener(money.provider))
  bound.invoices = numberingService(bound.invoices, money.sellerState)
  bindBilling(bound, money.sellerState)
  // A flagged milestone's cost counts in its project's budget (projects/milestone-budget.ts).
  bound.milestones = milestoneBudgetService(bound.milestones, bound.projects)
  return {
    ...(bound as unknown as CatalogueServices),
    all: Object.values(bound),
    audit: auditModel(connection),
    readLog: readLogModel(connection, options.auditReadRetentionDays),
  }
}

/** Builds every resource's indexes, the audit log's and the read log's (its TTL included). */
export async function syncResourceIndexes(resources: Resources, sync: IndexSync = {}): Promise<void> {
  await Promise.all([
    ...resources.all.map((service) => createModelIndexes(service.model, sync)),
    createModelIndexes(resources.audit, sync),
    syncReadLogIndexes(resources.readLog),
  ])
  // A new database's search indexes are complete at once; older ones wait for the search.backfill job.
  await Promise.all(resources.all.map((service) => prepareSearchIndex(service.def, service.model)))
}
