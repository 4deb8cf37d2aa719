// AdminJS sends records and list queries flattened (`services.0`, `filters.status`, `filters.date~~from`). This
// undoes that for the few shapes the panel posts; typed, unlike the `flat` package AdminJS re-exports.

type Tree = Record<string, unknown>

function setPath(target: Tree, parts: readonly string[], value: unknown): void {
  const [head, ...rest] = parts
  if (head === undefined) return
  if (rest.length === 0) {
    target[head] = value
    return
  }
  const next = target[head]
  const child: Tree = next !== null && typeof next === 'object' && !(next instanceof Date) ? (next as Tree) : {}
  target[head] = child
  setPath(child, rest, value)
}

/** Objects whose keys are 0..n-1 become arrays (`services.0`, `services.1`). */
function arraysOf(value: unknown): unknown {
  // Only the plain objects built here; AdminJS's param converter may already have made Dates of date fields.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value
  const entries = Object.entries(value as Tree).map(([key, inner]) => [key, arraysOf(inner)] as const)
  const isList = entries.length > 0 && entries.every(([key], index) => key === String(index))
  return isList ? entries.map(([, inner]) => inner) : Object.fromEntries(entries)
}

/** Splits keys on `.` (and `~~`, AdminJS's range separator) into nested objects and arrays. */
export function unflatten(params: Readonly<Record<string, unknown>>): Tree {
  const tree: Tree = {}
  for (const [key, value] of Object.entries(params)) setPath(tree, key.split(/\.|~~/), value)
  return arraysOf(tree) as Tree
}
