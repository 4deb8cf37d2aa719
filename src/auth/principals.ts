import type { UserActor } from '../access/actor.js'
import type { RoleCache } from '../access/role-cache.js'
import { writeGeneration } from '../models/list-cache.js'
import type { UserModel } from '../models/user.js'
import { placementOf } from './placement.js'

/** The signed-in user as a request sees it, re-read from the database (briefly cached) on every request. */
export interface Principal {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly user_role: string
  readonly isActive: boolean
  readonly tokenVersion: number
  readonly actor: UserActor
}

/** How long a loaded user is reused, in milliseconds. Writes from this process invalidate at once. */
const TTL_MS = 3_000

export class PrincipalCache {
  private readonly entries = new Map<
    string,
    { principal: Principal | undefined; expiresAt: number; employeeWrites: number }
  >()

  constructor(
    private readonly users: UserModel,
    private readonly roles: RoleCache,
  ) {}

  async load(userId: string): Promise<Principal | undefined> {
    const cached = this.entries.get(userId)
    // A write to any employee profile may move the user (department, manager): their placement is read again.
    const employeeWrites = writeGeneration('employees')
    if (cached && cached.expiresAt > Date.now() && cached.employeeWrites === employeeWrites) return cached.principal
    const principal = await this.read(userId)
    this.entries.set(userId, { principal, expiresAt: Date.now() + TTL_MS, employeeWrites })
    return principal
  }

  /** Forget one user (after a write to it) or everyone (after a role change). */
  invalidate(userId?: string): void {
    if (userId === undefined) this.entries.clear()
    else this.entries.delete(userId)
  }

  private async read(userId: string): Promise<Principal | undefined> {
    if (!/^[0-9a-f]{24}$/i.test(userId)) return undefined
    const user = await this.users.findById(userId).select('+tokenVersion').lean()
    if (!user) return undefined
    const grants = (await this.roles.grantsOf(user.user_role)) ?? []
    const id = String(user._id)
    const placement = await placementOf(this.users.db, id)
    return {
      id,
      name: user.name,
      email: user.email,
      user_role: user.user_role,
      isActive: user.isActive,
      tokenVersion: user.tokenVersion,
      actor: { kind: 'user', id, role: user.user_role, grants, placement },
    }
  }
}
