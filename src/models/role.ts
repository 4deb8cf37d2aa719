import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose'
import { ACTIONS, RESOURCES, SCOPES, type RoleGrant } from '../access/matrix.js'

/** A role is data: srdev edits the matrix at /api/v1/roles; users refer to a role by its name. */
export interface Role {
  name: string
  description: string
  grants: RoleGrant[]
  /**
   * The resources whose default grants this role has been offered (src/access/seed-roles.ts); absent on roles seeded
   * before the field existed. Internal: not selected by default, never served.
   */
  seededResources?: string[]
  /** Revision: +1 on every audited write (src/api/roles/audited-role-write.ts); absent on roles never changed since. */
  _rev?: number
  createdAt: Date
  updatedAt: Date
}

export type RoleDocument = HydratedDocument<Role>
export type RoleModel = Model<Role>

const grantSchema = new Schema<RoleGrant>(
  {
    resource: { type: String, enum: RESOURCES, required: true },
    actions: { type: [{ type: String, enum: ACTIONS }], required: true },
    scope: { type: String, enum: SCOPES, default: 'all' },
    maskedFields: { type: [String], default: [] },
    readonlyFields: { type: [String], default: [] },
  },
  { _id: false },
)

export const roleSchema = new Schema<Role>(
  {
    name: { type: String, required: true, trim: true, unique: true, maxlength: 50 },
    description: { type: String, default: '', maxlength: 500 },
    grants: { type: [grantSchema], default: [] },
    seededResources: { type: [{ type: String, enum: RESOURCES }], default: undefined, select: false },
    _rev: { type: Number, min: 1 },
  },
  { timestamps: true, collection: 'roles', toJSON: { versionKey: false }, toObject: { versionKey: false } },
)

export function roleModel(connection: Connection): RoleModel {
  return (connection.models.Role as RoleModel | undefined) ?? connection.model<Role>('Role', roleSchema)
}
