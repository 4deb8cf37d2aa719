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

/** Fields that hold a user id: the trasher on every trashable resource, the owner of a booking. */
export const PERSON_FIELDS: ReadonlySet<string> = new Set(['deletedBy', 'user_id'])

interface Change {
  readonly path: string
  readonly before?: unknown
  readonly after?: unknown
}

/** The user ids an audit change list mentions in person fields (to look their names up with the actors'). */
export function personIdsIn(changes: readonly Change[]): unknown[] {
  return changes.filter((change) => PERSON_FIELDS.has(change.path)).flatMap((change) => [change.before, change.after])
}

/** The same changes with person fields shown by name; other values untouched (masked ones stay masked). */
export function withPersonNames<C extends Change>(changes: readonly C[], names: ReadonlyMap<string, string>): C[] {
  return changes.map((change) =>
    PERSON_FIELDS.has(change.path)
      ? {
          ...change,
          ...(change.before === undefined ? {} : { before: nameOf(change.before, names) }),
          ...(change.after === undefined ? {} : { after: nameOf(change.after, names) }),
        }
      : change,
  )
}
