import { deserialize, Long, ObjectId, type Document } from 'bson'
import { readText } from './bson-text.js'
import { matchName, skipValue, type WantedFields } from './bson-skip.js'

/**
 * A BSON decoder for recovery, equal in result to `deserialize(payload)` with default options (js-bson 7), and
 * several times faster on the documents the app stores. It decodes only the common types (double, string, object,
 * array, ObjectId, boolean, date, null, int32, int64); anything else, and anything it does not fully trust
 * (a `$`-key that could be a DBRef, `__proto__`, invalid UTF-8, an odd length), sends the whole payload to js-bson,
 * which then decodes it or throws exactly as before.
 *
 * Where the time went with js-bson (profile of a 1M-booking recovery): each field was added to the document by
 * a keyed store, so past a dozen fields V8 turned every document into a hash table (dictionary mode), twice the
 * heap and slow to build; plus a Long per date and an options copy per nested object. Here the field names of
 * each distinct shape (sequence of keys) are decoded once and matched byte for byte afterwards, and the document
 * is created in one allocation by the shape's object literal, with fast properties from the start.
 */
export function decodeBson(payload: Buffer): Document {
  try {
    if (payload.length >= 5 && payload.length === payload.readInt32LE(0) && payload[payload.length - 1] === 0) {
      const doc = new Reader(payload).object(0, payload.length, 0)
      if (doc !== undefined) return doc
    }
  } catch {
    // A length pointing past the end (RangeError from a read): js-bson says what is wrong with it.
  }
  return deserialize(payload)
}

/**
 * Only the `wanted` top-level fields of a stored document, each decoded exactly as `decodeBson` decodes it (an
 * absent field stays absent), the others stepped over by their lengths: a full scan over a million recovered
 * bookings tests its filter on these instead of decoding every document (engine/doc-table.ts). Undefined when a
 * wanted value is of a type this reader leaves to js-bson, a top-level key starts with `$` (js-bson may read the
 * document as a DBRef), or the bytes do not parse: the caller then decodes the whole document.
 */
export function decodeTopFields(payload: Buffer, wanted: WantedFields): Document | undefined {
  try {
    return new Reader(payload).fields(wanted, payload.length)
  } catch {
    return undefined
  }
}

/** Deeper nesting goes to js-bson (iterative, no recursion limit): documents the app stores are shallow. */
const MAX_DEPTH = 64
/** A shape with more fields than this is built field by field (V8 would not keep it fast anyway). */
const MAX_SHAPE_FIELDS = 100
/** Different keys seen after one key path: past this, the path is treated as a map, not a shape. */
const MAX_BRANCHES = 32
/** Distinct shapes remembered; past this, new shapes are built field by field (a bound on memory and compiles). */
const MAX_SHAPES = 2000

type Factory = (values: unknown[]) => Document

/** One step of the shape tree: the key that led here, and what follows. `build` is set where a shape ends. */
interface ShapeNode {
  readonly parent: ShapeNode | undefined
  readonly key: string
  readonly bytes: Uint8Array
  readonly depth: number
  readonly next: ShapeNode[]
  build?: Factory | undefined
}

const root: ShapeNode = { parent: undefined, key: '', bytes: new Uint8Array(0), depth: 0, next: [] }
let shapes = 0

/** High word of ±2^53 in an int64: the edge of the numbers js-bson promotes. */
const HIGH_LIMIT = 2 ** 21

/**
 * js-bson's own deserializer builds ObjectIds with this (bytes, offset) form, which reads 12 bytes in place; the
 * public typings only show the forms that need a copy of the bytes first.
 */
const ObjectIdAt = ObjectId as unknown as new (bytes: Uint8Array, offset: number) => ObjectId

/** What the reader returns to hand the whole payload to js-bson. */
const GIVE_UP = undefined

class Reader {
  constructor(private readonly buf: Buffer) {}

  /** The document in [start, end) (end = start + its length), or undefined to give up. */
  object(start: number, end: number, depth: number): Document | undefined {
    const buf = this.buf
    const values: unknown[] = []
    let node: ShapeNode | undefined = root
    let keys: string[] | undefined // set once the document leaves the shape tree (too many shapes or fields)
    let i = start + 4
    for (;;) {
      const type = buf[i]
      if (type === 0) break
      if (type === undefined) return GIVE_UP
      i += 1
      const known: ShapeNode | undefined = node === undefined ? undefined : nextKey(node, buf, i)
      if (known) {
        node = known
        i += known.bytes.length + 1
      } else {
        const nul = buf.indexOf(0, i)
        if (nul < 0 || nul >= end) return GIVE_UP
        const key = this.string(i, nul)
        if (key === undefined || key === '__proto__' || key.charCodeAt(0) === 36 /* $: maybe a DBRef */) return GIVE_UP
        if (node !== undefined) {
          const added = addKey(node, key, buf.subarray(i, nul))
          if (added === undefined) keys = keyPath(node)
          node = added
        }
        keys?.push(key)
        i = nul + 1
      }
      i = this.value(type, i, end, depth)
      if (i < 0) return GIVE_UP
      values.push(this.last)
    }
    if (i !== end - 1) return GIVE_UP
    if (node === undefined) return byKeys(keys ?? [], values)
    node.build ??= compileShape(node)
    return node.build(values)
  }

  /** `decodeTopFields`: the wanted top-level fields of the document in [0, end), or undefined to give up. */
  fields(wanted: WantedFields, end: number): Document | undefined {
    const buf = this.buf
    const doc: Document = {}
    let i = 4
    for (;;) {
      const type = buf[i]
      if (type === 0) break
      if (type === undefined || buf[i + 1] === 36 /* $ */) return GIVE_UP
      let nul = i + 1
      while (nul < end && buf[nul] !== 0) nul += 1
      if (nul >= end) return GIVE_UP
      const w = matchName(wanted.bytes, buf, i + 1, nul)
      if (w < 0) i = skipValue(buf, type, nul + 1, end)
      else {
        i = this.value(type, nul + 1, end, 0)
        if (i >= 0) doc[wanted.names[w] as string] = this.last
      }
      if (i < 0) return GIVE_UP
    }
    return i === end - 1 ? doc : GIVE_UP
  }

  /** The value read by the last `value` call (a number return keeps the hot path free of result objects). */
  last: unknown = undefined

  /** Reads one value of BSON `type` at `i` into `this.last`; returns the index after it, or -1 to give up. */
  private value(type: number, i: number, end: number, depth: number): number {
    const buf = this.buf
    switch (type) {
      case 0x01:
        if (i + 8 > end) return -1
        this.last = buf.readDoubleLE(i)
        return i + 8
      case 0x02: {
        const size = readInt32(buf, i)
        const stop = i + 4 + size
        if (size <= 0 || stop > end || buf[stop - 1] !== 0) return -1
        const text = this.string(i + 4, stop - 1)
        if (text === undefined) return -1
        this.last = text
        return stop
      }
      case 0x03:
      case 0x04: {
        const size = readInt32(buf, i)
        if (size < 5 || i + size > end || depth >= MAX_DEPTH) return -1
        const inner = type === 0x03 ? this.object(i, i + size, depth + 1) : this.array(i, i + size, depth + 1)
        if (inner === undefined) return -1
        this.last = inner
        return i + size
      }
      case 0x07:
        if (i + 12 > end) return -1
        this.last = new ObjectIdAt(buf, i)
        return i + 12
      case 0x08: {
        const flag = buf[i]
        if (flag !== 0 && flag !== 1) return -1
        this.last = flag === 1
        return i + 1
      }
      case 0x09:
        if (i + 8 > end) return -1
        this.last = new Date(readInt64(buf, i))
        return i + 8
      case 0x0a:
        this.last = null
        return i
      case 0x10:
        if (i + 4 > end) return -1
        this.last = readInt32(buf, i)
        return i + 4
      case 0x12: {
        if (i + 8 > end) return -1
        const low = buf.readUInt32LE(i)
        const high = buf.readInt32LE(i + 4)
        // js-bson promotes an int64 to a number only within ±2^53 (exactly representable); beyond, a Long.
        const safe = (high >= -HIGH_LIMIT && high < HIGH_LIMIT) || (high === HIGH_LIMIT && low === 0)
        this.last = safe ? high * 0x1_0000_0000 + low : new Long(low | 0, high)
        return i + 8
      }
      default:
        return -1
    }
  }

  /** Arrays: js-bson ignores the keys ("0", "1"...) and pushes values in order; so does this. */
  private array(start: number, end: number, depth: number): unknown[] | undefined {
    const buf = this.buf
    const out: unknown[] = []
    let i = start + 4
    for (;;) {
      const type = buf[i]
      if (type === 0) break
      if (type === undefined) return GIVE_UP
      const nul = buf.indexOf(0, i + 1)
      if (nul < 0 || nul >= end) return GIVE_UP
      const next = this.value(type, nul + 1, end, depth)
      if (next < 0) return GIVE_UP
      out.push(this.last)
      i = next
    }
    return i === end - 1 ? out : GIVE_UP
  }

  /** UTF-8 text of [start, end); undefined when it is not valid UTF-8 (js-bson would throw: let it). */
  private string(start: number, end: number): string | undefined {
    return readText(this.buf, start, end)
  }
}

function nextKey(node: ShapeNode, buf: Uint8Array, i: number): ShapeNode | undefined {
  for (const child of node.next) {
    const bytes = child.bytes
    const n = bytes.length
    if (buf[i + n] !== 0) continue
    let same = true
    for (let k = 0; k < n; k += 1) {
      if (buf[i + k] !== bytes[k]) {
        same = false
        break
      }
    }
    if (same) return child
  }
  return undefined
}

function addKey(node: ShapeNode, key: string, bytes: Uint8Array): ShapeNode | undefined {
  if (node.depth >= MAX_SHAPE_FIELDS || shapes >= MAX_SHAPES || node.next.length >= MAX_BRANCHES) return undefined
  shapes += 1
  const child: ShapeNode = { parent: node, key, bytes: Uint8Array.from(bytes), depth: node.depth + 1, next: [] }
  node.next.push(child)
  return child
}

/** The keys from the root to `node`. */
function keyPath(node: ShapeNode): string[] {
  const path: string[] = []
  for (let at = node; at.parent !== undefined; at = at.parent) path.push(at.key)
  return path.reverse()
}

function compileShape(node: ShapeNode): Factory {
  const keys = keyPath(node)
  // An object literal per shape: V8 creates each document in one step with fast properties.
  const body = `return {${keys.map((key, k) => `${JSON.stringify(key)}: v[${k}]`).join(', ')}}`
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from JSON-quoted keys only
  return new Function('v', body) as Factory
}

function byKeys(keys: readonly string[], values: readonly unknown[]): Document {
  const doc: Document = {}
  for (const [k, key] of keys.entries()) doc[key] = values[k]
  return { ...doc }
}

function readInt32(buf: Buffer, i: number): number {
  return buf.readInt32LE(i)
}

function readInt64(buf: Buffer, i: number): number {
  return buf.readInt32LE(i + 4) * 0x1_0000_0000 + buf.readUInt32LE(i)
}
