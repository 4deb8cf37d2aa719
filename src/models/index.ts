import type { Connection } from 'mongoose'
import { auditModel, type AuditModel } from '../audit/audit-entry.js'
import { bindResource, type ResourceService } from './bind-resource.js'
import { bookingResource } from './booking.js'
import type { ResourceDefinition } from './define-resource.js'
import { serviceResource } from './service.js'

// The resource list: src/api, src/admin and src/jobs iterate it. Users and roles are plain models for now.

export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [bookingResource, serviceResource]

export interface Resources {
  readonly bookings: ResourceService<typeof bookingResource.input>
  readonly services: ResourceService<typeof serviceResource.input>
  /** Every resource, for the generic routers and jobs. */
  readonly all: readonly ResourceService[]
  readonly audit: AuditModel
}

export function bindResources(connection: Connection): Resources {
  const bookings = bindResource(bookingResource, connection)
  const services = bindResource(serviceResource, connection)
  return {
    bookings,
    services,
    all: [bookings, services],
    audit: auditModel(connection),
  }
}

/** Builds every resource's indexes and the audit log's. */
export async function syncResourceIndexes(resources: Resources): Promise<void> {
  await Promise.all([...resources.all.map((service) => service.model.createIndexes()), resources.audit.createIndexes()])
}
