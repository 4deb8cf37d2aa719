import type { RoleGrant } from './matrix.js'
import type { RoleModel } from '../models/role.js'

/** How long a role's grants are reused before the roles collection is read again, in milliseconds. */
const TTL_MS = 3_000

/**
 * Role name -> grants, read from the roles collection and kept briefly. Writes made by this process invalidate
 * at once; another process's edits show within TTL_MS.
 */
export class RoleCache {
  private readonly entries = new Map<string, { grants: RoleGrant[] | null; expiresAt: number }>()

  constructor(private readonly roles: RoleModel) {}

  /** The role's grants, or null when no such role exists (its users then have no permissions). */
  async grantsOf(name: string): Promise<RoleGrant[] | null> {
    const cached = this.entries.get(name)
    if (cached && cached.expiresAt > Date.now()) return cached.grants
    const role = await this.roles.findOne({ name }).lean()
    const grants = role ? role.grants : null
    this.entries.set(name, { grants, expiresAt: Date.now() + TTL_MS })
    return grants
  }

  invalidate(): void {
    this.entries.clear()
  }
}
