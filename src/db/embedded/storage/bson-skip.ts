/**
 * The index just past the BSON value of `type` that starts at `i` (before `end`), or -1 when the type is unknown or
 * the value does not fit. Reads lengths only: a scan that needs two fields of a 31-field booking steps over the
 * other 29 without decoding them (bson-reader.ts `decodeTopFields`).
 */
export function skipValue(buf: Buffer, type: number, i: number, end: number): number {
  let next: number
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      next = i + 8
      break
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      if (i + 4 > end) return -1
      next = i + 4 + buf.readInt32LE(i)
      break
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope: its int32 is the whole value's length
      if (i + 4 > end) return -1
      next = i + buf.readInt32LE(i)
      break
    case 0x05: // binary: length, subtype, bytes
      if (i + 4 > end) return -1
      next = i + 5 + buf.readInt32LE(i)
      break
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      next = i
      break
    case 0x07: // ObjectId
      next = i + 12
      break
    case 0x08: // boolean
      next = i + 1
      break
    case 0x0b: {
      // regular expression: pattern and flags, two C strings
      const first = buf.indexOf(0, i)
      next = first < 0 || first >= end ? -1 : buf.indexOf(0, first + 1) + 1
      break
    }
    case 0x0c: // DBPointer: a string, then 12 bytes
      if (i + 4 > end) return -1
      next = i + 4 + buf.readInt32LE(i) + 12
      break
    case 0x10: // int32
      next = i + 4
      break
    case 0x13: // decimal128
      next = i + 16
      break
    default:
      return -1
  }
  return next <= i - 1 || next > end ? -1 : next
}

/** Top-level field names a scan needs, with their UTF-8 bytes (matched against the stored keys without decoding them). */
export interface WantedFields {
  readonly names: readonly string[]
  readonly bytes: readonly Uint8Array[]
}

export function wantedFields(names: readonly string[]): WantedFields {
  return { names, bytes: names.map((name) => Buffer.from(name, 'utf8')) }
}

/** Which of `names` the key in [start, end) is (byte for byte), or -1. */
export function matchName(names: readonly Uint8Array[], buf: Buffer, start: number, end: number): number {
  const n = end - start
  for (let w = 0; w < names.length; w += 1) {
    const name = names[w] as Uint8Array
    if (name.length !== n) continue
    let k = 0
    while (k < n && buf[start + k] === name[k]) k += 1
    if (k === n) return w
  }
  return -1
}
