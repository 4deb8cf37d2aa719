import { isPlainObject, type Doc } from './bson-values.js'

/**
 * Every value a dotted path reaches in a document, descending into arrays as MongoDB does for index keys:
 * `a.b` on `{a: [{b: 1}, {b: 2}]}` reaches 1 and 2. A leaf array contributes each element (multikey);
 * an empty leaf array contributes `undefined`. Nothing reached yields `[undefined]` (missing counts as null).
 */
export function indexValuesAt(doc: Doc, path: string): unknown[] {
  const out: unknown[] = []
  collect(doc, path.split('.'), 0, out)
  return out.length === 0 ? [undefined] : out
}

function collect(value: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined)
      else for (const v of value) out.push(v)
    } else out.push(value)
    return
  }
  const part = parts[i] as string
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) collect(value[Number(part)], parts, i + 1, out)
    // `lines.sku` on `{lines: [{sku: 'a'}, {sku: 'b'}]}`: each element's field is the next step of the path.
    for (const el of value) if (isPlainObject(el)) collect(el[part], parts, i + 1, out)
    return
  }
  if (isPlainObject(value)) collect(value[part], parts, i + 1, out)
}

/** The value at a dotted path without array traversal, or undefined. */
export function plainValueAt(doc: Doc, path: string): unknown {
  let cur: unknown = doc
  for (const part of path.split('.')) {
    if (isPlainObject(cur)) cur = cur[part]
    else if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)]
    else return undefined
  }
  return cur
}

/** Whether any value on the path is an array (then an index over it is multikey). */
export function pathHasArray(doc: Doc, path: string): boolean {
  let cur: unknown = doc
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) return true
    if (!isPlainObject(cur)) return false
    cur = cur[part]
  }
  return Array.isArray(cur)
}
