import type { Connection } from 'mongoose'
import { auditModel, type AuditModel } from '../audit/audit-entry.js'
import { readLogModel, syncReadLogIndexes, type ReadLogModel } from '../audit/read-entry.js'
import { bindResource, type BindOptions, type ResourceService } from './bind-resource.js'
import { bookingResource } from './booking.js'
import type { ResourceDefinition } from './define-resource.js'
import { leadResource } from './lead.js'
import { serviceResource } from './service.js'

// The resource list: src/api, src/admin and src/jobs iterate it. Users and roles are plain models for now.

export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [bookingResource, serviceResource, leadResource]

export interface Resources {
  readonly bookings: ResourceService<typeof bookingResource.input>
  readonly services: ResourceService<typeof serviceResource.input>
  readonly leads: ResourceService<typeof leadResource.input>
  /** Every resource, for the generic routers and jobs. */
  readonly all: readonly ResourceService[]
  readonly audit: AuditModel
  /** Single-document reads of audited resources (`audit_reads`, expiring after `auditReadRetentionDays`). */
  readonly readLog: ReadLogModel
}

export function bindResources(connection: Connection, options: BindOptions): Resources {
  const bookings = bindResource(bookingResource, connection, options)
  const services = bindResource(serviceResource, connection, options)
  const leads = bindResource(leadResource, connection, options)
  return {
    bookings,
    services,
    leads,
    all: [bookings, services, leads],
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
