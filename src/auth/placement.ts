import { Types, type Connection } from 'mongoose'
import type { Placement } from '../access/actor.js'

// Where a user stands in the organisation, read from the employee profiles (the driver, no model import: the auth
// layer does not depend on the declarations). A user is linked to at most one profile by its `userId` (unique).

/** A profile HR has accepted: only these place their user in a department or under a manager. */
const ACCEPTED = 'active'

export async function placementOf(connection: Connection, userId: string): Promise<Placement> {
  const employees = connection.collection<{
    _id: Types.ObjectId
    userId?: string
    department?: string
    managerUser?: Types.ObjectId | null
    status?: string
    deletedAt?: Date | null
  }>('employees')
  const [own, reports] = await Promise.all([
    employees.findOne({ userId, deletedAt: null }, { projection: { department: 1, status: 1 } }),
    employees
      .find({ managerUser: new Types.ObjectId(userId), status: ACCEPTED, deletedAt: null }, { projection: { _id: 1 } })
      .toArray(),
  ])
  // A department is where the person works whatever the profile's review state: it only widens what they read.
  const departments = typeof own?.department === 'string' ? [own.department] : []
  return { departments, reports: reports.map((report) => report._id.toHexString()) }
}
