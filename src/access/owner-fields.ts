// The owner field of every declared resource, learnt as each is declared (define-resource.ts). The catalogue's owners
// are also in matrix.ts OWNER_FIELD; this leaf module exists so the policy knows resources declared outside the
// catalogue too (tests declare their own) without the declarations importing the matrix, which imports them.

const declared = new Map<string, string>()

export function declareOwnerField(resource: string, field: string): void {
  declared.set(resource, field)
}

/** The declared owner path of a resource (`user_id`, `members.user`), or undefined for plain resources. */
export function declaredOwnerField(resource: string): string | undefined {
  return declared.get(resource)
}
