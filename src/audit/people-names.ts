import type { UserModel } from '../models/user.js'

// Documents and audit entries point at people by user id (the id never changes, a name can). Every screen that shows
// them to a person (legacy responses, the admin panel) turns the ids into names here, one query per page.

const OBJECT_ID = /^[0-9a-f]{24}$/i

/** Names (or emails, for a user without a name) by user id; ids that are not users are simply absent. */
export async function userNames(users: UserModel, ids: Iterable<unknown>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && OBJECT_ID.test(id)))]
  if (wanted.length === 0) return new Map()
  const found = await users.find({ _id: { $in: wanted } }, { name: 1, email: 1 }).lean()
  return new Map(found.map((user) => [String(user._id), user.name || user.email]))
}

/** A stored person reference for display: the user's name when it is a user id, else the stored label as it is. */
export function nameOf(value: unknown, names: ReadonlyMap<string, string>): unknown {
  return typeof value === 'string' ? (names.get(value) ?? value) : value
}
