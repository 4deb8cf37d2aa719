import type { ResourceService } from '../models/bind-resource.js'
import { findBound } from '../models/resource-registry.js'

/**
 * Id references as AdminJS reference properties: lists and pages show the referenced record's title (its label),
 * loaded in one policy-checked query per page (PolicyResource.findMany); forms (and transition dialogs) get a
 * type-ahead select over the referenced resource's search action, i.e. its search fields within the viewer's read
 * scope. References by a key (an employee's department name) store the label itself and are chosen from pickers.ts.
 * Field -> the referenced resource's panel id.
 */
export function referenceTargets(service: ResourceService): Record<string, string> {
  const targets: Record<string, string> = {}
  for (const [field, reference] of Object.entries(service.def.references ?? {})) {
    if ((reference.key ?? '_id') !== '_id') continue
    const target = findBound(service.model.db, reference.resource)
    if (target) targets[field] = target.def.name
  }
  return targets
}
