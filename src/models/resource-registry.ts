import type { Connection, Model } from 'mongoose'
import type { ResourceRecord } from './define-resource.js'
import type { Bound } from './resource-reads.js'

// The resources bound to each connection, by policy name. References cross resources (existence checks, `expand=`,
// the destroy guard, owners taken from a referenced record), so the engine finds the other side here rather than
// through the catalogue's services, which would make every resource module depend on all the others.

const registries = new WeakMap<Connection, Map<string, Bound>>()

export function registerBound(bound: Bound): void {
  let registry = registries.get(bound.connection)
  if (!registry) registries.set(bound.connection, (registry = new Map<string, Bound>()))
  registry.set(bound.def.resource, bound)
}

/** The resource bound on this connection; a reference to an unbound resource is a declaration error. */
export function boundOf(connection: Connection, resource: string): Bound {
  const bound = registries.get(connection)?.get(resource)
  if (!bound) throw new Error(`Resource ${resource} is not bound on this connection`)
  return bound
}

/** The resource bound on this connection, if any (the admin panel links only to resources it serves). */
export function findBound(connection: Connection, resource: string): Bound | undefined {
  return registries.get(connection)?.get(resource)
}

/** Every resource bound on this connection. */
export function boundOn(connection: Connection): readonly Bound[] {
  return [...(registries.get(connection)?.values() ?? [])]
}

/**
 * The model holding a referenced resource's records: a bound resource's, or a plain model's whose collection bears
 * the resource's name (`users`: meeting attendees, task assignees). Only existence checks need this much.
 */
export function referencedModel(connection: Connection, resource: string): Model<ResourceRecord> {
  const bound = findBound(connection, resource)
  if (bound) return bound.model
  const plain = Object.values(connection.models).find((model) => model.collection.collectionName === resource)
  if (!plain) throw new Error(`Resource ${resource} is not bound on this connection`)
  return connection.model<ResourceRecord>(plain.modelName)
}
