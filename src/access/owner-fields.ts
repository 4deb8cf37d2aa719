import type { ResourceAccess } from './vocabulary.js'

// The owner field of every declared resource, learnt as each is declared (define-resource.ts). The catalogue's owners
// are also in matrix.ts OWNER_FIELD; this leaf module exists so the policy knows resources declared outside the
// catalogue too (tests declare their own) without the declarations importing the matrix, which imports them.

const declared = new Map<string, string>()
const accesses = new Map<string, ResourceAccess>()

export function declareOwnerField(resource: string, field: string): void {
  declared.set(resource, field)
}

/** Learns a declaration's whole access (its owner and its relations: reporting manager, audience). */
export function declareAccess(resource: string, access: ResourceAccess): void {
  declareOwnerField(resource, access.owner)
  accesses.set(resource, access)
}

/** The declared access of a resource, or undefined for plain resources (users, roles...). */
export function declaredAccess(resource: string): ResourceAccess | undefined {
  return accesses.get(resource)
}

/** The declared owner path of a resource (`user_id`, `members.user`), or undefined for plain resources. */
export function declaredOwnerField(resource: string): string | undefined {
  return declared.get(resource)
}
